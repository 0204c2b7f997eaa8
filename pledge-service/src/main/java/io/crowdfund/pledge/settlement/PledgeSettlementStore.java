package io.crowdfund.pledge.settlement;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.pledge.CampaignPledgesSettled;
import io.crowdfund.pledge.settlement.PledgeSettlement.State;

/** Pledge settlements in PostgreSQL; a settlement's {@link State} is its {@code state} column, by name. */
@Repository
class PledgeSettlementStore {

    /** Written into the statements as a literal, so that the partial index {@code pledge_settlements_open} serves them. */
    private static final String UNSETTLED = "state <> '" + State.SETTLED.name() + "'";
    private static final String SETTLE_CHUNK = """
            with chunk as (
                select id from pledges where campaign_id = :campaign and status = 'CONFIRMED'
                order by id limit :chunk for update
            ), settled as (
                update pledges p set status = :status, updated_at = now() from chunk where p.id = chunk.id returning p.amount
            )
            update pledge_settlements s set pledges_settled = s.pledges_settled + (select count(*) from settled),
                amount_settled = s.amount_settled + coalesce((select sum(amount) from settled), 0)
            where s.campaign_id = :campaign
            returning (select count(*) from settled) as settled_now, s.pledges_settled, s.amount_settled""";

    private final JdbcClient sql;

    PledgeSettlementStore(JdbcClient sql) {
        this.sql = sql;
    }

    /** What a chunk settled, and the settlement's totals after it. */
    record Progress(long settledNow, long pledgesSettled, BigDecimal amountSettled) {
    }

    /** Takes the campaign's settlement guard until the transaction ends: exclusively to begin a settlement, shared to take a pledge. */
    void guard(UUID campaignId, boolean exclusive) {
        String lock = exclusive ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared";
        sql.sql("select " + lock + "(hashtextextended(?, 0))").param(campaignId.toString()).query((rs, n) -> 1).list();
    }

    /** Records a new settlement; false if the campaign has one already. */
    boolean insert(PledgeSettlement s) {
        return sql.sql("""
                insert into pledge_settlements (campaign_id, owner_id, outcome, state) values (?, ?, ?, ?)
                on conflict (campaign_id) do nothing""").params(s.campaignId(), s.ownerId(), s.outcome().name(), s.state().name()).update() == 1;
    }

    boolean exists(UUID campaignId) {
        return sql.sql("select exists(select 1 from pledge_settlements where campaign_id = ?)").param(campaignId).query(Boolean.class).single();
    }

    /** What the campaign's settlement came to, once it is settled. */
    Optional<CampaignPledgesSettled> findSettled(UUID campaignId) {
        return sql.sql("select outcome, pledges_settled, amount_settled from pledge_settlements where campaign_id = ? and state = ?")
                .params(campaignId, State.SETTLED.name())
                .query((rs, n) -> new CampaignPledgesSettled(campaignId, CampaignOutcome.valueOf(rs.getString("outcome")),
                        rs.getLong("pledges_settled"), rs.getBigDecimal("amount_settled")))
                .optional();
    }

    /** The campaigns whose settlement is not settled yet, first asked first. */
    List<UUID> unsettled() {
        return sql.sql("select campaign_id from pledge_settlements where " + UNSETTLED + " order by requested_at")
                .query(UUID.class).list();
    }

    /** Locks the campaign's settlement unless it is settled or another replica holds it. */
    Optional<PledgeSettlement> lockUnsettled(UUID campaignId) {
        return sql.sql("select campaign_id, owner_id, outcome, state from pledge_settlements where campaign_id = ? and " + UNSETTLED
                        + " for update skip locked").param(campaignId)
                .query((rs, n) -> new PledgeSettlement(rs.getObject("campaign_id", UUID.class), rs.getObject("owner_id", UUID.class),
                        CampaignOutcome.valueOf(rs.getString("outcome")), State.valueOf(rs.getString("state"))))
                .optional();
    }

    /** Whether a pledge of the campaign is in flight (its saga still moving it). */
    boolean pledgesMoving(UUID campaignId) {
        return sql.sql("select exists(select 1 from pledges where campaign_id = ? and moving)").param(campaignId).query(Boolean.class).single();
    }

    /** Collects or refunds up to {@code chunk} of the campaign's confirmed pledges, adding them to the settlement's totals. */
    Progress settleChunk(PledgeSettlement s, int chunk) {
        return sql.sql(SETTLE_CHUNK).param("campaign", s.campaignId()).param("chunk", chunk)
                .param("status", s.collects() ? "COLLECTED" : "REFUNDED")
                .query((rs, n) -> new Progress(rs.getLong("settled_now"), rs.getLong("pledges_settled"), rs.getBigDecimal("amount_settled")))
                .single();
    }

    /** Writes the settlement's state; settled_at is set as it becomes SETTLED. */
    void save(PledgeSettlement s) {
        sql.sql("update pledge_settlements set state = ?, settled_at = case when ? then now() end where campaign_id = ?")
                .params(s.state().name(), s.state() == State.SETTLED, s.campaignId()).update();
    }
}
