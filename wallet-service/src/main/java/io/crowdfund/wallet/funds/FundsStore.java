package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Wallets, holds and ledger rows in PostgreSQL: locked reads for a batch, and batched writes of what it changed. */
@Repository
class FundsStore {

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;

    FundsStore(JdbcClient sql, JdbcTemplate jdbc) {
        this.sql = sql;
        this.jdbc = jdbc;
    }

    /** Locks the holds of the pledges, then the wallets of the users and of those holds, each in key order (as settlement does). */
    FundsBatch lock(Collection<UUID> userIds, Collection<UUID> pledgeIds) {
        List<Hold> holds = pledgeIds.isEmpty() ? List.of() : sql.sql("""
                select pledge_id, user_id, campaign_id, amount, status from holds
                where pledge_id = any(?) order by pledge_id for update""")
                .param(uuids(pledgeIds)).query(FundsStore::hold).list();
        Set<UUID> walletIds = new HashSet<>(userIds);
        holds.forEach(hold -> walletIds.add(hold.userId()));
        List<Wallet> wallets = walletIds.isEmpty() ? List.of() : sql.sql("""
                select user_id, balance, reserved from wallets
                where user_id = any(?) order by user_id for update""")
                .param(uuids(walletIds)).query(FundsStore::wallet).list();
        return new FundsBatch(wallets, holds);
    }

    /** Writes what the batch changed: one statement per table, however many rows. */
    void save(FundsBatch batch) {
        List<Wallet> wallets = batch.changedWallets();
        if (!wallets.isEmpty()) {
            sql.sql("""
                    update wallets w set balance = v.balance, reserved = v.reserved, updated_at = now()
                    from unnest(?, ?, ?) as v (user_id, balance, reserved) where w.user_id = v.user_id""")
                    .params(uuids(wallets.stream().map(Wallet::userId).toList()),
                            new SqlArrayValue("numeric", wallets.stream().map(Wallet::balance).toArray()),
                            new SqlArrayValue("numeric", wallets.stream().map(Wallet::reserved).toArray()))
                    .update();
        }
        jdbc.batchUpdate("insert into holds (pledge_id, user_id, campaign_id, amount, status, closed_at) values (?, ?, ?, ?, ?, "
                        + "case when ? = 'HELD' then null else now() end)",
                batch.freshHolds().stream().map(h -> new Object[] {h.pledgeId(), h.userId(), h.campaignId(), h.amount(),
                        h.status().name(), h.status().name()}).toList());
        List<Hold> holds = batch.changedHolds();
        if (!holds.isEmpty()) {
            sql.sql("""
                    update holds h set status = v.status, closed_at = now()
                    from unnest(?, ?) as v (pledge_id, status) where h.pledge_id = v.pledge_id""")
                    .params(uuids(holds.stream().map(Hold::pledgeId).toList()),
                            new SqlArrayValue("varchar", holds.stream().map(hold -> hold.status().name()).toArray()))
                    .update();
        }
        insert(batch.entries());
    }

    void insert(List<LedgerEntry> entries) {
        jdbc.batchUpdate("insert into ledger (id, user_id, type, amount, pledge_id, campaign_id) values (?, ?, ?, ?, ?, ?)",
                entries.stream().map(e -> new Object[] {e.id(), e.userId(), e.type().name(), e.amount(), e.pledgeId(), e.campaignId()}).toList());
    }

    /** Creates the user's empty wallet unless it exists. */
    void open(UUID userId) {
        sql.sql("insert into wallets (user_id) values (?) on conflict do nothing").param(userId).update();
    }

    Optional<Wallet> find(UUID userId) {
        return sql.sql("select user_id, balance, reserved from wallets where user_id = ?").param(userId).query(FundsStore::wallet).optional();
    }

    Wallet lockWallet(UUID userId) {
        return sql.sql("select user_id, balance, reserved from wallets where user_id = ? for update").param(userId)
                .query(FundsStore::wallet).single();
    }

    void save(Wallet wallet) {
        jdbc.update("update wallets set balance = ?, reserved = ?, updated_at = now() where user_id = ?",
                wallet.balance(), wallet.reserved(), wallet.userId());
    }

    /** A page of the user's ledger, newest first. */
    List<Wallets.Transaction> transactions(UUID userId, int limit, long offset) {
        return sql.sql("""
                select id, type, amount, pledge_id, campaign_id, created_at from ledger
                where user_id = :user order by seq desc limit :limit offset :offset""")
                .param("user", userId).param("limit", limit).param("offset", offset)
                .query((row, n) -> new Wallets.Transaction(row.getObject("id", UUID.class), EntryType.valueOf(row.getString("type")),
                        row.getBigDecimal("amount"), row.getObject("pledge_id", UUID.class), row.getObject("campaign_id", UUID.class),
                        row.getTimestamp("created_at").toInstant()))
                .list();
    }

    long countTransactions(UUID userId) {
        return sql.sql("select count(*) from ledger where user_id = ?").param(userId).query(Long.class).single();
    }

    /** The deposit an Idempotency-Key made, if it made one. */
    Optional<Deposits.Deposit> deposit(UUID userId, String idempotencyKey) {
        return sql.sql("select transaction_id, amount, balance_after from deposit_requests where user_id = ? and idempotency_key = ?")
                .params(userId, idempotencyKey)
                .query((row, n) -> new Deposits.Deposit(row.getObject("transaction_id", UUID.class), row.getBigDecimal("amount"),
                        row.getBigDecimal("balance_after"), true))
                .optional();
    }

    /** Remembers the deposit an Idempotency-Key made, with the balance it left. */
    void rememberDeposit(UUID userId, String idempotencyKey, LedgerEntry entry, BigDecimal balanceAfter) {
        sql.sql("""
                insert into deposit_requests (user_id, idempotency_key, amount, transaction_id, balance_after)
                values (?, ?, ?, ?, ?)""").params(userId, idempotencyKey, entry.amount(), entry.id(), balanceAfter).update();
    }

    private static SqlArrayValue uuids(Collection<UUID> ids) {
        return new SqlArrayValue("uuid", ids.toArray());
    }

    private static Hold hold(ResultSet row, int number) throws SQLException {
        return new Hold(row.getObject("pledge_id", UUID.class), row.getObject("user_id", UUID.class),
                row.getObject("campaign_id", UUID.class), row.getBigDecimal("amount"), HoldStatus.valueOf(row.getString("status")));
    }

    private static Wallet wallet(ResultSet row, int number) throws SQLException {
        BigDecimal balance = row.getBigDecimal("balance");
        return new Wallet(row.getObject("user_id", UUID.class), balance, row.getBigDecimal("reserved"));
    }
}
