package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Checks that no money appeared or vanished: everything deposited is in balances, in holds, kept as
 * fees, or captured by a settlement still paying out; every wallet's balance equals the sum of its
 * ledger rows and its reserved amount the sum of its live holds.
 */
@Service
public class Reconciliation {

    private static final int MAX_LISTED = 100;

    private final ReconciliationStore store;

    Reconciliation(ReconciliationStore store) {
        this.store = store;
    }

    @Schema(name = "ReconciliationReport")
    public record Report(BigDecimal totalDeposits, BigDecimal totalBalances, BigDecimal totalReserved, BigDecimal totalHeld,
            BigDecimal totalPaidOut, BigDecimal totalFees, BigDecimal capturedAwaitingPayout, BigDecimal difference,
            boolean balanced, List<Mismatch> mismatchedWallets) {
    }

    @Schema(name = "WalletMismatch")
    public record Mismatch(UUID userId, BigDecimal balance, BigDecimal ledgerSum, BigDecimal reserved, BigDecimal heldSum) {
    }

    /** One consistent snapshot of all the sums. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Report report() {
        BigDecimal[] totals = store.totals();
        List<Mismatch> mismatches = store.mismatches(MAX_LISTED);
        BigDecimal accountedFor = totals[1].add(totals[2]).add(totals[5]).add(totals[6]);
        BigDecimal difference = totals[0].subtract(accountedFor);
        boolean balanced = difference.signum() == 0 && totals[2].compareTo(totals[3]) == 0 && mismatches.isEmpty();
        return new Report(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], difference, balanced, mismatches);
    }
}
