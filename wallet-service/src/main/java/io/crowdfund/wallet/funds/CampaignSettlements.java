package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.wallet.CampaignFundsSettled;
import io.crowdfund.contracts.wallet.CampaignFundsSettlementProgressed;
import io.crowdfund.contracts.wallet.SettleCampaignFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.Scans;
import io.crowdfund.wallet.WalletProperties;

/**
 * Settles a closed campaign's holds in bulk. Asking only records the settlement; a scheduled worker
 * then settles it chunk by chunk, each chunk one transaction of set-based SQL that moves the holds,
 * the backers' wallets, the ledger and the recorded progress together, so a crash resumes after the
 * last committed chunk and nothing is settled twice. A successful campaign's owner is paid once, in
 * the transaction that finishes it. Replicas share the work through {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class CampaignSettlements {

    private static final Logger log = LoggerFactory.getLogger(CampaignSettlements.class);

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
    private final FundsStore store;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final WalletProperties properties;

    CampaignSettlements(JdbcClient sql, FundsStore store, Outbox outbox, TransactionTemplate transactions, WalletProperties properties) {
        this.sql = sql;
        this.store = store;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Records the request in the caller's transaction; the fee is fixed now. Asking again changes
     * nothing: while the settlement runs it goes on, and once it is settled the answer is given again
     * (returned, for the caller to send), since the asker may not have heard it.
     */
    Optional<CampaignFundsSettled> begin(SettleCampaignFunds command) {
        int recorded = sql.sql("""
                insert into settlements (campaign_id, owner_id, outcome, fee_percent, state)
                values (:campaign, :owner, :outcome, :fee, 'SETTLING') on conflict (campaign_id) do nothing""")
                .param("campaign", command.campaignId()).param("owner", command.ownerId())
                .param("outcome", command.outcome().name())
                .param("fee", command.outcome() == CampaignOutcome.SUCCESSFUL ? properties.platformFeePercent() : BigDecimal.ZERO)
                .update();
        if (recorded == 1) {
            return Optional.empty();
        }
        return sql.sql("""
                select campaign_id, owner_id, outcome, holds_settled, amount_settled, fee, paid_out from settlements
                where campaign_id = ? and state = 'SETTLED'""").param(command.campaignId())
                .query((row, n) -> new CampaignFundsSettled(row.getObject("campaign_id", UUID.class), row.getObject("owner_id", UUID.class),
                        CampaignOutcome.valueOf(row.getString("outcome")), row.getLong("holds_settled"), row.getBigDecimal("amount_settled"),
                        row.getBigDecimal("fee"), row.getBigDecimal("paid_out")))
                .optional();
    }

    @Scheduled(fixedDelayString = "${crowdfund.wallet.settlement.scan-interval:1s}")
    void settlePending() {
        Scans.drain(transactions, status -> settleNextChunk(), log, "Settlement chunk");
    }

    /** Settles one chunk of one unfinished settlement, or finishes it; false when none is left. */
    private boolean settleNextChunk() {
        Optional<Pending> next = sql.sql("""
                select campaign_id, owner_id, outcome, fee_percent from settlements
                where state = 'SETTLING' order by started_at limit 1 for update skip locked""")
                .query((row, n) -> new Pending(row.getObject("campaign_id", UUID.class), row.getObject("owner_id", UUID.class),
                        CampaignOutcome.valueOf(row.getString("outcome")), row.getBigDecimal("fee_percent")))
                .optional();
        if (next.isEmpty()) {
            return false;
        }
        Pending settlement = next.get();
        boolean refund = settlement.outcome() == CampaignOutcome.FAILED;
        var progress = sql.sql(SETTLE_CHUNK)
                .param("campaign", settlement.campaignId())
                .param("chunk", properties.settlement().chunkSize())
                .param("status", refund ? HoldStatus.REFUNDED.name() : HoldStatus.CAPTURED.name())
                .param("refund", refund)
                .query((row, n) -> new Progress(row.getLong("settled_now"), row.getLong("holds_settled"), row.getBigDecimal("amount_settled")))
                .single();
        if (progress.settledNow() > 0) {
            outbox.send(WalletChannels.EVENTS, settlement.campaignId().toString(), new CampaignFundsSettlementProgressed(
                    settlement.campaignId(), settlement.outcome(), progress.holdsSettled(), progress.amountSettled()));
        } else {
            finish(settlement, progress);
        }
        return true;
    }

    private void finish(Pending settlement, Progress progress) {
        BigDecimal fee = settlement.outcome() == CampaignOutcome.SUCCESSFUL
                ? progress.amountSettled().multiply(settlement.feePercent()).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN)
                : BigDecimal.ZERO.setScale(2);
        BigDecimal paidOut = settlement.outcome() == CampaignOutcome.SUCCESSFUL ? progress.amountSettled().subtract(fee) : BigDecimal.ZERO.setScale(2);
        if (paidOut.signum() > 0) {
            store.open(settlement.ownerId());
            Wallet owner = store.lockWallet(settlement.ownerId());
            LedgerEntry payout = owner.payout(paidOut, settlement.campaignId());
            store.save(owner);
            store.insert(List.of(payout));
        }
        sql.sql("update settlements set state = 'SETTLED', fee = :fee, paid_out = :paid, settled_at = now() where campaign_id = :campaign")
                .param("fee", fee).param("paid", paidOut).param("campaign", settlement.campaignId()).update();
        outbox.send(WalletChannels.EVENTS, settlement.campaignId().toString(), new CampaignFundsSettled(settlement.campaignId(),
                settlement.ownerId(), settlement.outcome(), progress.holdsSettled(), progress.amountSettled(), fee, paidOut));
        log.info("Settled campaign {} ({}): {} holds, {} settled, fee {}, paid out {}", settlement.campaignId(), settlement.outcome(),
                progress.holdsSettled(), progress.amountSettled(), fee, paidOut);
    }

    private record Pending(UUID campaignId, UUID ownerId, CampaignOutcome outcome, BigDecimal feePercent) {
    }

    private record Progress(long settledNow, long holdsSettled, BigDecimal amountSettled) {
    }
}
