package io.crowdfund.webapp.services;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;


/** wallet-service's wallet API, as the pages use it. */
@HttpExchange
public interface WalletClient {

    @GetExchange("/wallets/me")
    Wallet mine();

    @PostExchange("/wallets/me/deposits")
    Deposit deposit(@RequestBody NewDeposit deposit, @RequestHeader("Idempotency-Key") String idempotencyKey);

    @GetExchange("/wallets/me/transactions")
    Paged<Transaction> transactions(@RequestParam int page, @RequestParam int size);

    @GetExchange("/wallets/reconciliation")
    Reconciliation reconciliation();

    record Wallet(UUID userId, BigDecimal balance, BigDecimal reserved, String currency) {
    }

    record NewDeposit(BigDecimal amount) {
    }

    record Deposit(UUID transactionId, BigDecimal amount, BigDecimal balance, String currency) {
    }

    record Transaction(UUID id, String type, BigDecimal amount, UUID pledgeId, UUID campaignId, Instant createdAt) {
    }

    record Reconciliation(BigDecimal totalDeposits, BigDecimal totalBalances, BigDecimal totalReserved, BigDecimal totalHeld,
            BigDecimal totalPaidOut, BigDecimal totalFees, BigDecimal capturedAwaitingPayout, BigDecimal difference, boolean balanced,
            List<Mismatch> mismatchedWallets) {
    }

    record Mismatch(UUID userId, BigDecimal balance, BigDecimal ledgerSum, BigDecimal reserved, BigDecimal heldSum) {
    }
}
