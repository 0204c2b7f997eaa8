package io.crowdfund.webapp.campaign;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.crowdfund.webapp.services.CampaignClient;
import io.crowdfund.webapp.WebAppProperties;
import io.crowdfund.webapp.account.SignedInUser;
import io.crowdfund.webapp.services.ClosureClient;
import io.crowdfund.webapp.services.PledgeClient;
import io.crowdfund.webapp.services.Paged;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * An owner's dashboard for one campaign: its pledges, funds over time, closing and settlement
 * progress, and editing it (text, new reward tiers and milestones). Also the owner's list of campaigns.
 */
@Controller
class OwnerDashboard {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CampaignClient campaigns;
    private final PledgeClient pledges;
    private final ClosureClient closures;
    private final int pageSize;

    OwnerDashboard(CampaignClient campaigns, PledgeClient pledges, ClosureClient closures, WebAppProperties properties) {
        this.campaigns = campaigns;
        this.pledges = pledges;
        this.closures = closures;
        this.pageSize = properties.pageSize();
    }

    record EditForm(@NotBlank(message = "Give the campaign a title") @Size(max = 200) String title,
            @NotBlank(message = "Tell backers what the money is for") @Size(max = 10_000) String description,
            @NotBlank String category) {
    }

    record TierForm(@NotBlank(message = "Give the reward a title") @Size(max = 200) String title, @Size(max = 2_000) String description,
            @NotNull(message = "Set the least a backer pledges for it") @DecimalMin(value = "0.01", message = "Enter at least 0.01")
            @Digits(integer = 13, fraction = 2, message = "Use at most 2 decimal places") BigDecimal minimumAmount,
            @Positive(message = "Enter a positive number, or leave it empty for no limit") @Max(10_000_000) Integer quantityAvailable) {
    }

    record MilestoneForm(@NotBlank(message = "Give the milestone a title") @Size(max = 200) String title, @Size(max = 2_000) String description,
            @NotNull(message = "Set the amount that unlocks it") @DecimalMin(value = "0.01", message = "Enter at least 0.01")
            @Digits(integer = 13, fraction = 2, message = "Use at most 2 decimal places") BigDecimal target) {
    }

    @GetMapping("/my/campaigns")
    String mine(@AuthenticationPrincipal SignedInUser me, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("campaigns", campaigns.list(null, null, null, "newest", me.id(), Math.max(0, page), pageSize));
        return "campaign/mine";
    }

    @GetMapping("/campaigns/{id}/manage")
    String dashboard(@PathVariable UUID id, @RequestParam(defaultValue = "0") int page, @AuthenticationPrincipal SignedInUser me, Model model) {
        CampaignClient.Campaign campaign = owned(id, me);
        return page(campaign, new EditForm(campaign.title(), campaign.description(), campaign.category()),
                new TierForm(null, null, null, null), new MilestoneForm(null, null, null), page, model);
    }

    @PostMapping("/campaigns/{id}/manage/edit")
    String edit(@PathVariable UUID id, @Valid @ModelAttribute("edit") EditForm form, BindingResult errors,
            @AuthenticationPrincipal SignedInUser me, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        CampaignClient.Campaign campaign = owned(id, me);
        if (!errors.hasErrors() && applied(errors, () -> campaigns.edit(id, new CampaignClient.Edit(form.title().strip(), form.description(),
                form.category())))) {
            redirect.addFlashAttribute("notice", "Saved.");
            return "redirect:/campaigns/" + id + "/manage";
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(campaign, form, new TierForm(null, null, null, null), new MilestoneForm(null, null, null), 0, model);
    }

    @PostMapping("/campaigns/{id}/manage/tiers")
    String addTier(@PathVariable UUID id, @Valid @ModelAttribute("tier") TierForm form, BindingResult errors,
            @AuthenticationPrincipal SignedInUser me, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        CampaignClient.Campaign campaign = owned(id, me);
        if (!errors.hasErrors() && applied(errors, () -> campaigns.addTier(id, new CampaignClient.NewTier(form.title().strip(),
                blankToNull(form.description()), form.minimumAmount(), form.quantityAvailable())))) {
            redirect.addFlashAttribute("notice", "Reward tier added.");
            return "redirect:/campaigns/" + id + "/manage";
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(campaign, edit(campaign), form, new MilestoneForm(null, null, null), 0, model);
    }

    @PostMapping("/campaigns/{id}/manage/milestones")
    String addMilestone(@PathVariable UUID id, @Valid @ModelAttribute("milestone") MilestoneForm form, BindingResult errors,
            @AuthenticationPrincipal SignedInUser me, Model model, RedirectAttributes redirect, HttpServletResponse response) {
        CampaignClient.Campaign campaign = owned(id, me);
        if (!errors.hasErrors() && applied(errors, () -> campaigns.addMilestone(id, new CampaignClient.NewMilestone(form.title().strip(),
                blankToNull(form.description()), form.target())))) {
            redirect.addFlashAttribute("notice", "Milestone added.");
            return "redirect:/campaigns/" + id + "/manage";
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(campaign, edit(campaign), new TierForm(null, null, null, null), form, 0, model);
    }

    /** The campaign, if the signed-in person owns it (or operates the platform); else the same 404 as a missing one. */
    private CampaignClient.Campaign owned(UUID id, SignedInUser me) {
        CampaignClient.Campaign campaign = campaigns.get(id);
        if (!campaign.isOwnedBy(me.id()) && !me.isOperator()) {
            throw new ServiceProblem(HttpStatus.NOT_FOUND, "Not found", null, java.util.List.of());
        }
        return campaign;
    }

    private static boolean applied(BindingResult errors, Runnable call) {
        try {
            call.run();
            return true;
        } catch (ServiceProblem refused) {
            if (refused.is(401) || refused.is(404)) {
                throw refused;
            }
            refused.showOn(errors, UnaryOperator.identity());
            return false;
        }
    }

    private String page(CampaignClient.Campaign campaign, EditForm edit, TierForm tier, MilestoneForm milestone, int page, Model model) {
        model.addAttribute("campaign", campaign);
        model.addAttribute("edit", edit);
        model.addAttribute("tier", tier);
        model.addAttribute("milestone", milestone);
        model.addAttribute("categories", campaigns.categories());
        Paged<PledgeClient.Pledge> ofCampaign = pledges.ofCampaign(campaign.id(), Math.max(0, page), pageSize);
        model.addAttribute("pledges", ofCampaign);
        PledgeClient.Timeline timeline = pledges.timeline(campaign.id());
        model.addAttribute("timeline", timeline);
        model.addAttribute("timelineJson", JSON.writeValueAsString(timeline.points().stream()
                .map(point -> java.util.List.of(point.at().getEpochSecond(), point.cumulativeAmount().toPlainString())).toList()));
        model.addAttribute("closure", closure(campaign.id()).orElse(null));
        return "campaign/manage";
    }

    private Optional<ClosureClient.Closure> closure(UUID campaignId) {
        try {
            return Optional.of(closures.get(campaignId));
        } catch (ServiceProblem notYet) {
            if (notYet.is(404)) {
                return Optional.empty();
            }
            throw notYet;
        }
    }

    private static EditForm edit(CampaignClient.Campaign campaign) {
        return new EditForm(campaign.title(), campaign.description(), campaign.category());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
