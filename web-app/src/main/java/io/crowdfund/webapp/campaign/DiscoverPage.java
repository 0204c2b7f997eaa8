package io.crowdfund.webapp.campaign;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

import io.crowdfund.webapp.services.CampaignClient;
import io.crowdfund.webapp.services.Paged;
import io.crowdfund.webapp.services.ServiceProblem;

/** Discover: campaigns paged, searched by title, filtered by category and status, sorted. */
@Controller
class DiscoverPage {

    static final List<String> SORTS = List.of("newest", "endingSoon", "mostFunded");
    private static final Set<String> STATUSES = Set.of("ACTIVE", "SUCCESSFUL", "FAILED");
    private static final int PAGE_SIZE = 12;

    private final CampaignClient campaigns;

    DiscoverPage(CampaignClient campaigns) {
        this.campaigns = campaigns;
    }

    /** The search form; {@code status} empty means every status. */
    record Search(String q, String category, String status, String sort, Integer page) {

        Search {
            q = q == null ? "" : q.strip();
            category = category == null ? "" : category;
            status = status == null ? "ACTIVE" : status;
            sort = sort == null || !SORTS.contains(sort) ? "newest" : sort;
            page = page == null || page < 0 ? 0 : page;
        }
    }

    @GetMapping("/")
    String discover(@ModelAttribute("search") Search search, Model model) {
        model.addAttribute("categories", campaigns.categories());
        model.addAttribute("sorts", SORTS);
        Paged<CampaignClient.Campaign> results;
        try {
            results = campaigns.list(blankToNull(search.q()), blankToNull(search.category()),
                    STATUSES.contains(search.status()) ? search.status() : null, search.sort(), null, search.page(), PAGE_SIZE);
        } catch (ServiceProblem refused) {
            if (!refused.is(400)) {
                throw refused;
            }
            model.addAttribute("searchError", refused.errors().isEmpty() ? refused.message() : refused.errors().getFirst().message());
            results = new Paged<>(List.of(), new Paged.PageInfo(PAGE_SIZE, 0, 0, 0));
        }
        model.addAttribute("results", results);
        return "campaign/discover";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
