package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sums reconciliation compares, read in the caller's transaction. */
@Repository
class ReconciliationStore {

    private final JdbcClient sql;

    ReconciliationStore(JdbcClient sql) {
        this.sql = sql;
    }

    /** Deposits, balances, reserved, held, paid out, fees and captured awaiting payout, in that order. */
    BigDecimal[] totals() {
        return sql.sql("""
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
    }

    /** The wallets whose balance is not the sum of their ledger or whose reserved amount is not the sum of their live holds. */
    List<Reconciliation.Mismatch> mismatches(int max) {
        return sql.sql("""
                select w.user_id, w.balance, coalesce(l.total, 0) as ledger_sum, w.reserved, coalesce(h.total, 0) as held_sum
                from wallets w
                left join (select user_id, sum(amount) as total from ledger group by user_id) l on l.user_id = w.user_id
                left join (select user_id, sum(amount) as total from holds where status = 'HELD' group by user_id) h on h.user_id = w.user_id
                where w.balance <> coalesce(l.total, 0) or w.reserved <> coalesce(h.total, 0)
                order by w.user_id limit :max""")
                .param("max", max)
                .query((row, n) -> new Reconciliation.Mismatch(row.getObject("user_id", UUID.class), row.getBigDecimal("balance"),
                        row.getBigDecimal("ledger_sum"), row.getBigDecimal("reserved"), row.getBigDecimal("held_sum")))
                .list();
    }
}
