package io.crowdfund.notification.mail;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.contracts.pledge.PledgeConfirmed;

/** The confirmed pledges collected for owners' digests, in PostgreSQL until a digest takes them. */
@Repository
class DigestStore {

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;

    DigestStore(JdbcClient sql, JdbcTemplate jdbc) {
        this.sql = sql;
        this.jdbc = jdbc;
    }

    /** A collected pledge, with its campaign's totals as the pledge left them. */
    record Item(UUID campaignId, BigDecimal amount, String currency, BigDecimal campaignFunds, int backerCount, Instant createdAt) {
    }

    /** Collects the pledges in one batched statement; a pledge collected before is ignored. */
    void add(List<PledgeConfirmed> pledges) {
        jdbc.batchUpdate("""
                insert into digest_items (pledge_id, owner_id, campaign_id, amount, currency, campaign_funds, backer_count)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (pledge_id) do nothing""",
                pledges.stream().map(e -> new Object[] {e.pledgeId(), e.ownerId(), e.campaignId(), e.amount(), e.currency(),
                        e.campaignFunds(), e.backerCount()}).toList());
    }

    /** The owners with pledges collected before the cutoff. */
    List<UUID> ownersWithItemsBefore(Instant cutoff) {
        return sql.sql("select distinct owner_id from digest_items where created_at < ?").param(Timestamp.from(cutoff))
                .query(UUID.class).list();
    }

    /** Deletes and answers the owner's pledges collected before the cutoff, in the caller's transaction. */
    List<Item> take(UUID owner, Instant cutoff) {
        return sql.sql("""
                delete from digest_items where owner_id = ? and created_at < ?
                returning campaign_id, amount, currency, campaign_funds, backer_count, created_at""")
                .params(owner, Timestamp.from(cutoff))
                .query((rs, n) -> new Item(rs.getObject("campaign_id", UUID.class), rs.getBigDecimal("amount"), rs.getString("currency"),
                        rs.getBigDecimal("campaign_funds"), rs.getInt("backer_count"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
