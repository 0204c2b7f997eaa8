package io.crowdfund.webapp.operator;

import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.crowdfund.webapp.services.ClosureClient;
import io.crowdfund.webapp.WebAppProperties;
import io.crowdfund.webapp.services.ServiceProblem;
import io.crowdfund.webapp.services.WalletClient;

/** For operators: closures by state with "close now", and the ledger's reconciliation report. */
@Controller
class OperatorPage {

    private static final Set<String> STATES = Set.of("SCHEDULED", "CLOSING", "SETTLING", "SETTLED");

    private final ClosureClient closures;
    private final WalletClient wallets;
    private final int pageSize;

    OperatorPage(ClosureClient closures, WalletClient wallets, WebAppProperties properties) {
        this.closures = closures;
        this.wallets = wallets;
        this.pageSize = properties.pageSize();
    }

    @GetMapping("/operator")
    String closures(@RequestParam(defaultValue = "SCHEDULED") String state, @RequestParam(defaultValue = "0") int page, Model model) {
        String shown = STATES.contains(state) ? state : "SCHEDULED";
        model.addAttribute("state", shown);
        model.addAttribute("states", STATES.stream().sorted().toList());
        model.addAttribute("closures", closures.list(shown, Math.max(0, page), pageSize));
        return "operator/closures";
    }

    @PostMapping("/operator/closures/{campaignId}/close")
    String closeNow(@PathVariable UUID campaignId, RedirectAttributes redirect) {
        try {
            closures.closeNow(campaignId);
            redirect.addFlashAttribute("notice", "Closing campaign " + campaignId + " now.");
        } catch (ServiceProblem refused) {
            if (refused.is(401)) {
                throw refused;
            }
            redirect.addFlashAttribute("problem", refused.message());
        }
        return "redirect:/operator";
    }

    @GetMapping("/operator/reconciliation")
    String reconciliation(Model model) {
        model.addAttribute("report", wallets.reconciliation());
        return "operator/reconciliation";
    }
}
