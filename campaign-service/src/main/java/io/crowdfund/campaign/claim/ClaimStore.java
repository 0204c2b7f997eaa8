package io.crowdfund.campaign.claim;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import io.crowdfund.contracts.campaign.ClaimRejection;

/** Claims by pledge, and how many live claims each backer has per campaign (for the backer count). */
@Repository
class ClaimStore {

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;

    ClaimStore(JdbcClient sql, JdbcTemplate jdbc) {
        this.sql = sql;
        this.jdbc = jdbc;
    }

    /** Backer key within a campaign. */
    record BackerKey(UUID campaignId, UUID backerId) {
    }

    Map<UUID, Claim> find(Collection<UUID> pledgeIds) {
        Map<UUID, Claim> claims = new HashMap<>();
        if (!pledgeIds.isEmpty()) {
            sql.sql("""
                    select pledge_id, campaign_id, backer_id, reward_tier_id, amount, status, reason
                    from claims where pledge_id = any(?)""").param(uuids(pledgeIds))
                    .query((rs, n) -> new Claim(rs.getObject("pledge_id", UUID.class), rs.getObject("campaign_id", UUID.class),
                            rs.getObject("backer_id", UUID.class), rs.getObject("reward_tier_id", UUID.class), rs.getBigDecimal("amount"),
                            Claim.Status.valueOf(rs.getString("status")),
                            rs.getString("reason") == null ? null : ClaimRejection.valueOf(rs.getString("reason")), false))
                    .list().forEach(claim -> claims.put(claim.pledgeId(), claim));
        }
        return claims;
    }

    /** The backers' live claims on the campaigns, for the pairs that have any. */
    Map<BackerKey, Integer> liveClaims(Collection<UUID> campaignIds, Collection<UUID> backerIds) {
        Map<BackerKey, Integer> counts = new HashMap<>();
        if (!campaignIds.isEmpty() && !backerIds.isEmpty()) {
            sql.sql("select campaign_id, backer_id, live_claims from campaign_backers where campaign_id = any(?) and backer_id = any(?)")
                    .param(uuids(campaignIds)).param(uuids(backerIds))
                    .query((rs, n) -> Map.entry(new BackerKey(rs.getObject("campaign_id", UUID.class), rs.getObject("backer_id", UUID.class)),
                            rs.getInt("live_claims")))
                    .list().forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        }
        return counts;
    }

    /** Records the backers' live claims as counted now (the caller holds their campaigns' locks). */
    void saveLiveClaims(Map<BackerKey, Integer> counts) {
        if (counts.isEmpty()) {
            return;
        }
        List<Map.Entry<BackerKey, Integer>> rows = List.copyOf(counts.entrySet());
        sql.sql("""
                insert into campaign_backers (campaign_id, backer_id, live_claims)
                select * from unnest(?, ?, ?)
                on conflict (campaign_id, backer_id) do update set live_claims = excluded.live_claims""")
                .param(uuids(rows.stream().map(row -> row.getKey().campaignId()).toList()))
                .param(uuids(rows.stream().map(row -> row.getKey().backerId()).toList()))
                .param(new SqlArrayValue("int4", rows.stream().map(Map.Entry::getValue).toArray()))
                .update();
    }

    /** The ids as one array parameter: one statement text (and one prepared plan) whatever their number. */
    private static SqlArrayValue uuids(Collection<UUID> ids) {
        return new SqlArrayValue("uuid", ids.toArray());
    }

    void save(Collection<Claim> claims) {
        List<Object[]> inserts = claims.stream().filter(Claim::fresh).map(c -> new Object[] {c.pledgeId(), c.campaignId(), c.backerId(),
                c.rewardTierId(), c.amount(), c.status().name(), c.reason() == null ? null : c.reason().name()}).toList();
        jdbc.batchUpdate("""
                insert into claims (pledge_id, campaign_id, backer_id, reward_tier_id, amount, status, reason)
                values (?, ?, ?, ?, ?, ?, ?)""", inserts);
        jdbc.batchUpdate("update claims set status = ?, updated_at = now() where pledge_id = ?",
                claims.stream().filter(c -> !c.fresh() && c.changed()).map(c -> new Object[] {c.status().name(), c.pledgeId()}).toList());
    }
}
