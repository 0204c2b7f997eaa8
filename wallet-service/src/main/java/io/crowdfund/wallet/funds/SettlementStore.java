package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.wallet.CampaignFundsSettled;
import io.crowdfund.wallet.funds.CampaignSettlement.State;

/** Campaign settlements in PostgreSQL; a settlement's {@link State} is its {@code state} column, by name. */
@Repository
class SettlementStore {

    /** Written into the statement as a literal, so that the partial index {@code settlements_settling} serves it. */
    private static final String SETTLING = "state = '" + State.SETTLING.name() + "'";
    private static final String SETTLE_CHUNK = """
            with chunk as (
                select pledge_id from holds
                where campaign_id = :campaign and status = 'HELD'
                order by pledge_id limit :chunk for update
            ), settled as (
                update holds h set status = :status, closed_at = now()
                from chunk where h.pledge_id = chunk.pledge_id
                returning h.pledge_id, h.user_id, h.amount
            ), per_wallet as (
                select user_id, sum(amount) as total from settled group by user_id
            ), wallets_changed as (
                update wallets w set reserved = w.reserved - p.total,
                    balance = w.balance + case when :refund then p.total else 0 end, updated_at = now()
                from per_wallet p where w.user_id = p.user_id
                returning w.user_id
            ), refunds as (
                insert into ledger (id, user_id, type, amount, pledge_id, campaign_id)
                select gen_random_uuid(), user_id, 'REFUND', amount, pledge_id, :campaign from settled where :refund
                returning id
            )
            update settlements s set holds_settled = s.holds_settled + (select count(*) from settled),
                amount_settled = s.amount_settled + coalesce((select sum(amount) from settled), 0)
            where s.campaign_id = :campaign
            returning (select count(*) from settled) as settled_now, s.holds_settled, s.amount_settled""";

    private final JdbcClient sql;

    SettlementStore(JdbcClient sql) {
        this.sql = sql;
    }

    /** What a chunk settled, and the settlement's totals after it. */
    record Progress(long settledNow, long holdsSettled, BigDecimal amountSettled) {
    }

    /** Records a new settlement; false if the campaign has one already. */
    boolean insert(CampaignSettlement s) {
        return sql.sql("""
                insert into settlements (campaign_id, owner_id, outcome, fee_percent, state)
                values (?, ?, ?, ?, ?) on conflict (campaign_id) do nothing""")
                .params(s.campaignId(), s.ownerId(), s.outcome().name(), s.feePercent(), s.state().name())
                .update() == 1;
    }

    /** What the campaign's settlement came to, once it is settled. */
    Optional<CampaignFundsSettled> findSettled(UUID campaignId) {
        return sql.sql("""
                select campaign_id, owner_id, outcome, holds_settled, amount_settled, fee, paid_out from settlements
                where campaign_id = ? and state = ?""").params(campaignId, State.SETTLED.name())
                .query((row, n) -> new CampaignFundsSettled(row.getObject("campaign_id", UUID.class), row.getObject("owner_id", UUID.class),
                        CampaignOutcome.valueOf(row.getString("outcome")), row.getLong("holds_settled"), row.getBigDecimal("amount_settled"),
                        row.getBigDecimal("fee"), row.getBigDecimal("paid_out")))
                .optional();
    }

    /** Locks the settlement asked for first that is still settling, skipping those another replica holds. */
    Optional<CampaignSettlement> lockNextSettling() {
        return sql.sql("select campaign_id, owner_id, outcome, fee_percent, state, fee, paid_out from settlements where " + SETTLING
                        + " order by started_at limit 1 for update skip locked")
                .query((row, n) -> new CampaignSettlement(row.getObject("campaign_id", UUID.class), row.getObject("owner_id", UUID.class),
                        CampaignOutcome.valueOf(row.getString("outcome")), row.getBigDecimal("fee_percent"), State.valueOf(row.getString("state")),
                        row.getBigDecimal("fee"), row.getBigDecimal("paid_out")))
                .optional();
    }

    /** Captures or refunds up to {@code chunk} of the campaign's held holds, with the backers' wallets and ledger, adding them to its totals. */
    Progress settleChunk(CampaignSettlement s, int chunk) {
        return sql.sql(SETTLE_CHUNK)
                .param("campaign", s.campaignId())
                .param("chunk", chunk)
                .param("status", s.refunds() ? HoldStatus.REFUNDED.name() : HoldStatus.CAPTURED.name())
                .param("refund", s.refunds())
                .query((row, n) -> new Progress(row.getLong("settled_now"), row.getLong("holds_settled"), row.getBigDecimal("amount_settled")))
                .single();
    }

    /** Writes the settlement's state, fee and payout; settled_at is set as it becomes SETTLED. */
    void save(CampaignSettlement s) {
        sql.sql("""
                update settlements set state = :state, fee = :fee, paid_out = :paid, settled_at = case when :settled then now() end
                where campaign_id = :campaign""")
                .param("state", s.state().name()).param("fee", s.fee()).param("paid", s.paidOut())
                .param("settled", s.state() == State.SETTLED).param("campaign", s.campaignId()).update();
    }
}
