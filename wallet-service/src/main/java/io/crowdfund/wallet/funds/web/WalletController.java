package io.crowdfund.wallet.funds.web;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.wallet.funds.Deposits;
import io.crowdfund.wallet.funds.Reconciliation;
import io.crowdfund.wallet.funds.Wallet;
import io.crowdfund.wallet.funds.Wallets;
import io.crowdfund.web.Caller;
import io.crowdfund.web.InvalidField;
import io.crowdfund.web.MoneyAmount;
import io.crowdfund.web.MoneyProperties;
import io.crowdfund.web.TooManyRequests;
import io.crowdfund.web.VelocityLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The caller's own wallet (a user only ever sees their own), and the operators' reconciliation. */
@RestController
@Tag(name = "Wallets", description = "The caller's wallet, deposits and ledger; reconciliation for operators (wallet-service)")
class WalletController {

    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final Wallets wallets;
    private final Deposits deposits;
    private final Reconciliation reconciliation;
    private final VelocityLimits limits;
    private final String currency;

    WalletController(Wallets wallets, Deposits deposits, Reconciliation reconciliation, VelocityLimits limits, MoneyProperties money) {
        this.wallets = wallets;
        this.deposits = deposits;
        this.reconciliation = reconciliation;
        this.limits = limits;
        this.currency = money.currency();
    }

    @Schema(name = "Wallet")
    record WalletView(UUID userId, @Schema(example = "225.00") BigDecimal balance, @Schema(example = "25.00") BigDecimal reserved,
            @Schema(example = "USD") String currency) {
    }

    @Schema(name = "NewDeposit")
    record DepositRequest(@Schema(example = "250.00") @NotNull @MoneyAmount BigDecimal amount) {
    }

    @Schema(name = "Deposit")
    record DepositView(UUID transactionId, @Schema(example = "250.00") BigDecimal amount, @Schema(example = "250.00") BigDecimal balance,
            @Schema(example = "USD") String currency) {
    }

    @GetMapping("/wallets/me")
    @Operation(operationId = "getWallet", summary = "The caller's wallet", description = "`balance` is spendable; `reserved` is held for live pledges.")
    WalletView mine(Caller caller) {
        Wallet wallet = wallets.of(caller.id());
        return new WalletView(caller.id(), wallet.balance(), wallet.reserved(), currency);
    }

    @PostMapping("/wallets/me/deposits")
    @Operation(operationId = "deposit", summary = "Deposit into the caller's wallet",
            description = "With an Idempotency-Key the same request answers with the same transaction; the key with another amount is a 422. "
                    + "Deposits per user and day are limited in count and amount: beyond either, a 429 problem with Retry-After.")
    @ApiResponse(responseCode = "201", description = "Deposited (or, for a repeated Idempotency-Key, the deposit it made)",
            headers = @Header(name = "Idempotent-Replayed", required = true, schema = @Schema(type = "boolean"),
                    description = "true when this answers a repeated Idempotency-Key and nothing new was deposited"))
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with another amount")
    @ApiResponse(responseCode = "429", description = "The caller's deposits today reached their count or amount limit; try again after Retry-After")
    ResponseEntity<DepositView> deposit(Caller caller, @Valid @RequestBody DepositRequest request,
            @Parameter(description = "Makes retries safe: at most 200 characters")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Optional<String> key = Optional.ofNullable(idempotencyKey);
        if (key.isPresent() && (key.get().isBlank() || key.get().length() > MAX_IDEMPOTENCY_KEY)) {
            throw new InvalidField("Idempotency-Key", "must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
        takeDepositLimits(caller.id(), request.amount());
        Deposits.Deposit deposit = deposits.deposit(caller.id(), request.amount(), key);
        return ResponseEntity.status(HttpStatus.CREATED)
                .header("Idempotent-Replayed", Boolean.toString(deposit.replayed()))
                .body(new DepositView(deposit.transactionId(), deposit.amount(), deposit.balance(), currency));
    }

    /** One deposit and its amount from the user's daily limits, before anything is written; a refused amount gives the count back. */
    private void takeDepositLimits(UUID userId, BigDecimal amount) {
        limits.take("deposits-per-user", userId);
        try {
            limits.takeAmount("deposit-amount-per-user", userId, amount);
        } catch (TooManyRequests refused) {
            limits.giveBack("deposits-per-user", userId);
            throw refused;
        }
    }

    @GetMapping("/wallets/me/transactions")
    @Operation(operationId = "listTransactions", summary = "The caller's ledger, newest first", description = "Amounts are signed changes of the balance.")
    PagedModel<Wallets.Transaction> transactions(Caller caller, Pageable page) {
        return new PagedModel<>(wallets.transactions(caller.id(), page));
    }

    @GetMapping("/wallets/reconciliation")
    @Operation(operationId = "getReconciliation", summary = "Reconciliation (operators)",
            description = "Deposits = balances + reserved + fees + captured awaiting payout, and every wallet's ledger sum = its balance.")
    Reconciliation.Report reconcile() {
        return reconciliation.report();
    }
}
