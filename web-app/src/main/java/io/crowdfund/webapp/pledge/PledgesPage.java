package io.crowdfund.webapp.pledge;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.crowdfund.webapp.services.PledgeClient;
import io.crowdfund.webapp.WebAppProperties;
import io.crowdfund.webapp.services.CampaignClient;
import io.crowdfund.webapp.services.Paged;
import io.crowdfund.webapp.services.ServiceProblem;

/** A pledge's outcome (followed until it is final), the person's pledges, and cancelling one. */
@Controller
class PledgesPage {

    /** Why a pledge was rejected, in words. */
    static final Map<String, String> REASONS = Map.of(
            "INSUFFICIENT_FUNDS", "Your wallet's balance was not enough. Deposit more, then pledge again.",
            "CAMPAIGN_NOT_FOUND", "The campaign does not exist.",
            "CAMPAIGN_NOT_ACTIVE", "The campaign had already closed.",
            "REWARD_NOT_FOUND", "That reward does not exist on this campaign.",
            "REWARD_SOLD_OUT", "The reward sold out before your pledge reached it.",
            "BELOW_REWARD_MINIMUM", "The amount was below the reward's minimum.");

    private final PledgeClient pledges;
    private final CampaignClient campaigns;
    private final int pageSize;

    PledgesPage(PledgeClient pledges, CampaignClient campaigns, WebAppProperties properties) {
        this.pledges = pledges;
        this.campaigns = campaigns;
        this.pageSize = properties.pageSize();
    }

    @GetMapping("/pledges/{id}")
    String outcome(@PathVariable UUID id, Model model) {
        PledgeClient.Pledge pledge = pledges.get(id);
        model.addAttribute("pledge", pledge);
        model.addAttribute("campaign", campaign(pledge.campaignId()).orElse(null));
        model.addAttribute("reasons", REASONS);
        return "pledge/outcome";
    }

    @GetMapping("/pledges")
    String mine(@RequestParam(defaultValue = "0") int page, Model model) {
        Paged<PledgeClient.Pledge> mine = pledges.mine(null, Math.max(0, page), pageSize);
        Map<UUID, CampaignClient.Campaign> byId = new HashMap<>();
        mine.content().forEach(pledge -> byId.computeIfAbsent(pledge.campaignId(), id -> campaign(id).orElse(null)));
        model.addAttribute("pledges", mine);
        model.addAttribute("campaigns", byId);
        model.addAttribute("reasons", REASONS);
        return "pledge/mine";
    }

    @PostMapping("/pledges/{id}/cancel")
    String cancel(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            pledges.cancel(id);
            redirect.addFlashAttribute("notice", "Your pledge is being cancelled; the money returns to your wallet in a moment.");
        } catch (ServiceProblem refused) {
            if (!refused.is(409)) {
                throw refused;
            }
            redirect.addFlashAttribute("problem", refused.message());
        }
        return "redirect:/pledges";
    }

    private Optional<CampaignClient.Campaign> campaign(UUID id) {
        try {
            return Optional.of(campaigns.get(id));
        } catch (ServiceProblem notFound) {
            if (notFound.is(404)) {
                return Optional.empty();
            }
            throw notFound;
        }
    }
}
