package io.crowdfund.webapp.wallet;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.crowdfund.webapp.services.WalletClient;
import io.crowdfund.webapp.WebAppProperties;
import io.crowdfund.webapp.services.ServiceProblem;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The wallet: balance and reserved, deposits (once per rendered form, however often it is sent) and the ledger. */
@Controller
class WalletPage {

    private final WalletClient wallets;
    private final WebAppProperties properties;

    WalletPage(WalletClient wallets, WebAppProperties properties) {
        this.wallets = wallets;
        this.properties = properties;
    }

    record DepositForm(@NotNull(message = "Enter an amount") @DecimalMin(value = "0.01", message = "Enter at least 0.01")
            @Digits(integer = 13, fraction = 2, message = "Use at most 2 decimal places") BigDecimal amount,
            @NotBlank @Size(max = 200) String idempotencyKey) {
    }

    @GetMapping("/wallet")
    String wallet(@RequestParam(defaultValue = "0") int page, Model model) {
        return page(new DepositForm(null, UUID.randomUUID().toString()), page, model);
    }

    @PostMapping("/wallet/deposits")
    String deposit(@Valid @ModelAttribute("form") DepositForm form, BindingResult errors, Model model, RedirectAttributes redirect,
            HttpServletResponse response) {
        if (form.amount() != null && form.amount().compareTo(properties.maxAmount()) > 0) {
            errors.rejectValue("amount", "max", "Enter at most " + properties.maxAmount().toPlainString());
        }
        if (!errors.hasErrors()) {
            try {
                WalletClient.Deposit deposit = wallets.deposit(new WalletClient.NewDeposit(form.amount()), form.idempotencyKey());
                redirect.addFlashAttribute("notice", "Deposited " + deposit.amount().toPlainString() + " " + deposit.currency() + ".");
                return "redirect:/wallet";
            } catch (ServiceProblem refused) {
                if (refused.is(401)) {
                    throw refused;
                }
                refused.showOn(errors, field -> "amount");
                form = new DepositForm(form.amount(), UUID.randomUUID().toString());
            }
        }
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        return page(form, 0, model);
    }

    private String page(DepositForm form, int page, Model model) {
        model.addAttribute("wallet", wallets.mine());
        model.addAttribute("transactions", wallets.transactions(Math.max(0, page), properties.pageSize()));
        model.addAttribute("form", form);
        model.addAttribute("maxAmount", properties.maxAmount());
        return "wallet/wallet";
    }
}
