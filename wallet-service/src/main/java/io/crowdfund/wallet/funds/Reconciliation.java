package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient sql;

    Reconciliation(JdbcClient sql) {
        this.sql = sql;
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
        var totals = sql.sql("""
                select (select coalesce(sum(amount), 0) from ledger where type = 'DEPOSIT') as deposits,
                       (select coalesce(sum(balance), 0) from wallets) as balances,
                       (select coalesce(sum(reserved), 0) from wallets) as reserved,
                       (select coalesce(sum(amount), 0) from holds where status = 'HELD') as held,
                       (select coalesce(sum(paid_out), 0) from settlements where state = 'SETTLED') as paid_out,
                       (select coalesce(sum(fee), 0) from settlements where state = 'SETTLED') as fees,
                       (select coalesce(sum(amount_settled), 0) from settlements
                         where state = 'SETTLING' and outcome = 'SUCCESSFUL') as awaiting_payout""")
                .query((row, n) -> new BigDecimal[] {row.getBigDecimal("deposits"), row.getBigDecimal("balances"),
                        row.getBigDecimal("reserved"), row.getBigDecimal("held"), row.getBigDecimal("paid_out"),
                        row.getBigDecimal("fees"), row.getBigDecimal("awaiting_payout")})
                .single();
        List<Mismatch> mismatches = sql.sql("""
                select w.user_id, w.balance, coalesce(l.total, 0) as ledger_sum, w.reserved, coalesce(h.total, 0) as held_sum
                from wallets w
                left join (select user_id, sum(amount) as total from ledger group by user_id) l on l.user_id = w.user_id
                left join (select user_id, sum(amount) as total from holds where status = 'HELD' group by user_id) h on h.user_id = w.user_id
                where w.balance <> coalesce(l.total, 0) or w.reserved <> coalesce(h.total, 0)
                order by w.user_id limit :max""")
                .param("max", MAX_LISTED)
                .query((row, n) -> new Mismatch(row.getObject("user_id", UUID.class), row.getBigDecimal("balance"),
                        row.getBigDecimal("ledger_sum"), row.getBigDecimal("reserved"), row.getBigDecimal("held_sum")))
                .list();
        BigDecimal accountedFor = totals[1].add(totals[2]).add(totals[5]).add(totals[6]);
        BigDecimal difference = totals[0].subtract(accountedFor);
        boolean balanced = difference.signum() == 0 && totals[2].compareTo(totals[3]) == 0 && mismatches.isEmpty();
        return new Report(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], difference, balanced, mismatches);
    }
}
