package io.crowdfund.webapp.notification;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.crowdfund.webapp.WebAppProperties;
import io.crowdfund.webapp.services.ServiceProblem;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * How an owner is told about their campaigns: email preferences, webhook endpoints (the secret shown
 * once, at creation), each endpoint's deliveries with redeliver, ping and enable, and the feed.
 */
@Controller
class NotificationsPage {

    static final List<String> EVENT_TYPES = List.of("pledge.confirmed", "pledge.refunded", "milestone.achieved", "campaign.closed",
            "campaign.settled", "ping");
    private static final Set<String> PLEDGE_EMAILS = Set.of("EACH", "DAILY_DIGEST", "OFF");

    private final NotificationClient notifications;
    private final int pageSize;

    NotificationsPage(NotificationClient notifications, WebAppProperties properties) {
        this.notifications = notifications;
        this.pageSize = properties.pageSize();
    }

    record WebhookForm(@NotBlank(message = "Enter the URL to post events to") @Size(max = 2000)
            @Pattern(regexp = "(?i)https?://.+", message = "Enter an http:// or https:// URL") String url, List<String> events) {
    }

    @GetMapping("/notifications")
    String page(@RequestParam(defaultValue = "0") int page, Model model) {
        return page(new WebhookForm(null, List.of()), page, model);
    }

    @PostMapping("/notifications/preferences")
    String choose(@RequestParam String pledgeEmails, RedirectAttributes redirect) {
        if (!PLEDGE_EMAILS.contains(pledgeEmails)) {
            redirect.addFlashAttribute("problem", "Choose one of the options.");
        } else {
            notifications.choose(new NotificationClient.Preferences(pledgeEmails));
            redirect.addFlashAttribute("notice", "Email preferences saved.");
        }
        return "redirect:/notifications";
    }

    @PostMapping("/webhooks")
    String create(@Valid @ModelAttribute("form") WebhookForm form, BindingResult errors, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        List<String> events = form.events() == null ? List.of() : form.events().stream().filter(EVENT_TYPES::contains).toList();
        if (!errors.hasErrors()) {
            try {
                NotificationClient.Webhook created = notifications.create(new NotificationClient.NewWebhook(form.url().strip(), events));
                // flash attributes live in the session: plain strings, shown once on the next page
                redirect.addFlashAttribute("createdUrl", created.url());
                redirect.addFlashAttribute("createdSecret", created.secret());
                return "redirect:/notifications";
            } catch (ServiceProblem refused) {
                if (refused.is(401)) {
                    throw refused;
                }
                refused.showOn(errors, field -> field.equals("url") ? field : "events");
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(form, 0, model);
    }

    @GetMapping("/webhooks/{id}")
    String webhook(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("webhook", notifications.webhook(id));
        model.addAttribute("deliveries", notifications.deliveries(id, Math.max(0, page), pageSize));
        return "notification/webhook";
    }

    @PostMapping("/webhooks/{id}/ping")
    String ping(@PathVariable UUID id, RedirectAttributes redirect) {
        return acted(redirect, "/webhooks/" + id, "A ping is on its way; it appears below in a moment.", () -> notifications.ping(id));
    }

    @PostMapping("/webhooks/{id}/enable")
    String enable(@PathVariable UUID id, RedirectAttributes redirect) {
        return acted(redirect, "/webhooks/" + id, "Enabled: events are delivered again.", () -> notifications.enable(id));
    }

    @PostMapping("/webhooks/{id}/delete")
    String delete(@PathVariable UUID id, RedirectAttributes redirect) {
        return acted(redirect, "/notifications", "Endpoint removed.", () -> notifications.delete(id));
    }

    @PostMapping("/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    String redeliver(@PathVariable UUID id, @PathVariable UUID deliveryId, RedirectAttributes redirect) {
        return acted(redirect, "/webhooks/" + id, "Delivering again.", () -> notifications.redeliver(id, deliveryId));
    }

    /** Does it, then back to the page with what happened; a refusal other than 401/404 is shown there, not as an error page. */
    private static String acted(RedirectAttributes redirect, String back, String done, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("notice", done);
        } catch (ServiceProblem refused) {
            if (refused.is(401) || refused.is(404)) {
                throw refused;
            }
            redirect.addFlashAttribute("problem", refused.message());
        }
        return "redirect:" + back;
    }

    private String page(WebhookForm form, int page, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("eventTypes", EVENT_TYPES);
        model.addAttribute("preferences", notifications.preferences());
        model.addAttribute("webhooks", notifications.webhooks(0, 100));
        model.addAttribute("feed", notifications.notifications(Math.max(0, page), pageSize));
        return "notification/notifications";
    }
}
