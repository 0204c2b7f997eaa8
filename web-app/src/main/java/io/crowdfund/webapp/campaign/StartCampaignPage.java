package io.crowdfund.webapp.campaign;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.crowdfund.webapp.services.CampaignClient;
import io.crowdfund.webapp.services.ServiceProblem;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Start a campaign: its story, goal, dates, and reward tiers and milestones added as rows, created
 * in one request. Adding a row re-renders the form (with or without JavaScript); blank rows are left out.
 */
@Controller
class StartCampaignPage {

    static final int MAX_ROWS = 50;

    private final CampaignClient campaigns;
    private final Clock clock;

    StartCampaignPage(CampaignClient campaigns, Clock clock) {
        this.campaigns = campaigns;
        this.clock = clock;
    }

    record CampaignForm(@NotBlank(message = "Give the campaign a title") @Size(max = 200) String title,
            @NotBlank(message = "Tell backers what the money is for") @Size(max = 10_000) String description,
            @NotBlank(message = "Choose a category") String category,
            @NotNull(message = "Set a funding goal") @DecimalMin(value = "0.01", message = "Enter at least 0.01")
            @Digits(integer = 13, fraction = 2, message = "Use at most 2 decimal places") BigDecimal goal,
            @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime startDate,
            @NotNull(message = "Set a deadline") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime deadline,
            String timeZone, boolean allowCancellation,
            @Size(max = MAX_ROWS) List<@Valid TierRow> rewardTiers, @Size(max = MAX_ROWS) List<@Valid MilestoneRow> milestones) {

        CampaignForm {
            // a row index that was skipped in the request is a blank row, so field names keep their indexes
            rewardTiers = rewardTiers == null ? new ArrayList<>() : new ArrayList<>(rewardTiers.stream()
                    .map(row -> row == null ? new TierRow(null, null, null, null) : row).toList());
            milestones = milestones == null ? new ArrayList<>() : new ArrayList<>(milestones.stream()
                    .map(row -> row == null ? new MilestoneRow(null, null, null) : row).toList());
        }

        static CampaignForm empty() {
            return new CampaignForm(null, null, null, null, null, null, "UTC", true, List.of(), List.of());
        }

        ZoneId zone() {
            try {
                return timeZone == null || timeZone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timeZone);
            } catch (DateTimeException unknown) {
                return ZoneOffset.UTC;
            }
        }
    }

    /** A reward tier row; a row left entirely blank is not a tier. */
    record TierRow(@Size(max = 200) String title, @Size(max = 2_000) String description,
            @DecimalMin(value = "0.01", message = "Enter at least 0.01") @Digits(integer = 13, fraction = 2, message = "Use at most 2 decimal places") BigDecimal minimumAmount,
            @Positive(message = "Enter a positive number, or leave it empty for no limit") @Max(10_000_000) Integer quantityAvailable) {

        boolean isBlank() {
            return (title == null || title.isBlank()) && (description == null || description.isBlank()) && minimumAmount == null
                    && quantityAvailable == null;
        }
    }

    record MilestoneRow(@Size(max = 200) String title, @Size(max = 2_000) String description,
            @DecimalMin(value = "0.01", message = "Enter at least 0.01") @Digits(integer = 13, fraction = 2, message = "Use at most 2 decimal places") BigDecimal target) {

        boolean isBlank() {
            return (title == null || title.isBlank()) && (description == null || description.isBlank()) && target == null;
        }
    }

    @GetMapping("/campaigns/new")
    String form(Model model) {
        CampaignForm form = CampaignForm.empty();
        form.rewardTiers().add(new TierRow(null, null, null, null));
        form.milestones().add(new MilestoneRow(null, null, null));
        return page(form, model);
    }

    @PostMapping("/campaigns/new")
    String create(@Valid @ModelAttribute("form") CampaignForm form, BindingResult errors, @RequestParam(required = false) String add,
            Model model, HttpServletResponse response) {
        if ("tier".equals(add) || "milestone".equals(add)) {
            if ("tier".equals(add) && form.rewardTiers().size() < MAX_ROWS) {
                form.rewardTiers().add(new TierRow(null, null, null, null));
            } else if ("milestone".equals(add) && form.milestones().size() < MAX_ROWS) {
                form.milestones().add(new MilestoneRow(null, null, null));
            }
            model.addAttribute("form", form);
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", new org.springframework.validation.BeanPropertyBindingResult(form, "form"));
            return page(form, model);
        }
        checkRows(form, errors);
        Instant start = form.startDate() == null ? null : form.startDate().atZone(form.zone()).toInstant();
        Instant deadline = form.deadline() == null ? null : form.deadline().atZone(form.zone()).toInstant();
        if (deadline != null && !deadline.isAfter(start == null ? clock.instant() : start)) {
            errors.rejectValue("deadline", "past", start == null ? "Choose a deadline in the future" : "Choose a deadline after the start");
        }
        if (!errors.hasErrors()) {
            try {
                CampaignClient.Campaign created = campaigns.create(new CampaignClient.NewCampaign(form.title().strip(), form.description(),
                        form.category(), form.goal(), start, deadline, form.allowCancellation(),
                        form.rewardTiers().stream().filter(row -> !row.isBlank())
                                .map(row -> new CampaignClient.NewTier(row.title().strip(), blankToNull(row.description()), row.minimumAmount(),
                                        row.quantityAvailable())).toList(),
                        form.milestones().stream().filter(row -> !row.isBlank())
                                .map(row -> new CampaignClient.NewMilestone(row.title().strip(), blankToNull(row.description()), row.target()))
                                .toList()));
                return "redirect:/campaigns/" + created.id() + "?created";
            } catch (ServiceProblem refused) {
                if (refused.is(401)) {
                    throw refused;
                }
                refused.showOn(errors, field -> formField(form, field));
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(form, model);
    }

    /** A row that is not blank needs its title and amount; blank rows are dropped from the request. */
    private static void checkRows(CampaignForm form, BindingResult errors) {
        for (int i = 0; i < form.rewardTiers().size(); i++) {
            TierRow row = form.rewardTiers().get(i);
            if (row != null && !row.isBlank()) {
                requireText(errors, "rewardTiers[" + i + "].title", row.title(), "Give the reward a title");
                requireValue(errors, "rewardTiers[" + i + "].minimumAmount", row.minimumAmount(), "Set the least a backer pledges for it");
            }
        }
        for (int i = 0; i < form.milestones().size(); i++) {
            MilestoneRow row = form.milestones().get(i);
            if (row != null && !row.isBlank()) {
                requireText(errors, "milestones[" + i + "].title", row.title(), "Give the milestone a title");
                requireValue(errors, "milestones[" + i + "].target", row.target(), "Set the amount that unlocks it");
            }
        }
    }

    private static void requireText(BindingResult errors, String field, String value, String message) {
        if ((value == null || value.isBlank()) && !errors.hasFieldErrors(field)) {
            errors.rejectValue(field, "required", message);
        }
    }

    private static void requireValue(BindingResult errors, String field, Object value, String message) {
        if (value == null && !errors.hasFieldErrors(field)) {
            errors.rejectValue(field, "required", message);
        }
    }

    /** The form's field for a service's: the same names, except that the request's rows count only the rows that were not blank. */
    private static String formField(CampaignForm form, String field) {
        if (field.startsWith("rewardTiers[")) {
            return remap(field, "rewardTiers", form.rewardTiers().stream().map(TierRow::isBlank).toList());
        }
        if (field.startsWith("milestones[")) {
            return remap(field, "milestones", form.milestones().stream().map(MilestoneRow::isBlank).toList());
        }
        return field;
    }

    private static String remap(String field, String list, List<Boolean> blank) {
        int close = field.indexOf(']');
        int sent = Integer.parseInt(field.substring(list.length() + 1, close));
        int row = -1;
        for (int i = 0, seen = -1; i < blank.size(); i++) {
            if (!blank.get(i) && ++seen == sent) {
                row = i;
                break;
            }
        }
        return row < 0 ? list : list + "[" + row + "]" + field.substring(close + 1);
    }

    private String page(CampaignForm form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("categories", campaigns.categories());
        model.addAttribute("maxRows", MAX_ROWS);
        return "campaign/new";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
