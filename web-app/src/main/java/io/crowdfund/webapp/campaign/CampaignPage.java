package io.crowdfund.webapp.campaign;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import io.crowdfund.webapp.services.CampaignClient;
import io.crowdfund.webapp.WebAppProperties;
import io.crowdfund.webapp.account.SignedInUser;
import io.crowdfund.webapp.services.PledgeClient;
import io.crowdfund.webapp.services.ServiceProblem;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A campaign's page: its story, funding progress, reward tiers and milestones, updated live from the
 * campaign's event stream (static/js/live.js), and the pledge form.
 */
@Controller
class CampaignPage {

    private final CampaignClient campaigns;
    private final PledgeClient pledges;
    private final WebAppProperties properties;

    CampaignPage(CampaignClient campaigns, PledgeClient pledges, WebAppProperties properties) {
        this.campaigns = campaigns;
        this.pledges = pledges;
        this.properties = properties;
    }

    /** The pledge form; the idempotency key is new for each rendered form, so a double submit pledges once. */
    record PledgeForm(@NotNull(message = "Enter an amount") @DecimalMin(value = "0.01", message = "Enter at least 0.01")
            @Digits(integer = 13, fraction = 2, message = "Use at most 2 decimal places") BigDecimal amount,
            UUID rewardTierId, @NotBlank @Size(max = 200) String idempotencyKey) {
    }

    @GetMapping("/campaigns/{id}")
    String show(@PathVariable UUID id, @RequestParam(required = false) UUID tier, Model model) {
        CampaignClient.Campaign campaign = campaigns.get(id);
        BigDecimal minimum = campaign.rewardTiers().stream().filter(t -> t.id().equals(tier)).findFirst()
                .map(CampaignClient.Tier::minimumAmount).orElse(null);
        return page(campaign, new PledgeForm(minimum, tier, UUID.randomUUID().toString()), model);
    }

    /** "Log in to pledge" leads here: once logged in, back to the campaign's pledge form. */
    @GetMapping("/campaigns/{id}/pledge")
    String toPledgeForm(@PathVariable UUID id, @RequestParam(required = false) UUID tier) {
        return "redirect:/campaigns/" + id + (tier == null ? "" : "?tier=" + tier) + "#pledge";
    }

    @PostMapping("/campaigns/{id}/pledges")
    String pledge(@PathVariable UUID id, @Valid @ModelAttribute("form") PledgeForm form, BindingResult errors,
            @AuthenticationPrincipal SignedInUser me, Model model, HttpServletResponse response) {
        CampaignClient.Campaign campaign = campaigns.get(id);
        if (form.amount() != null && form.amount().compareTo(properties.maxAmount()) > 0) {
            errors.rejectValue("amount", "max", "Enter at most " + properties.maxAmount().toPlainString());
        }
        if (!errors.hasErrors()) {
            try {
                PledgeClient.Pledge pledge = pledges.pledge(new PledgeClient.NewPledge(id, form.amount(), form.rewardTierId()),
                        form.idempotencyKey(), "wait=" + properties.pledgeWait().toSeconds());
                return "redirect:/pledges/" + pledge.id();
            } catch (ServiceProblem refused) {
                if (refused.is(401) || refused.is(404) && refused.errors().isEmpty()) {
                    throw refused;
                }
                refused.showOn(errors, field -> field.equals("rewardTierId") ? field : "amount");
                // the service saw this key: a corrected pledge is a new request
                form = new PledgeForm(form.amount(), form.rewardTierId(), UUID.randomUUID().toString());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(campaign, form, model);
    }

    private String page(CampaignClient.Campaign campaign, PledgeForm form, Model model) {
        if (campaign == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("campaign", campaign);
        model.addAttribute("form", form);
        model.addAttribute("maxAmount", properties.maxAmount());
        return "campaign/campaign";
    }
}
