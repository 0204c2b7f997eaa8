package io.crowdfund.pledge.settlement;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.pledge.CampaignPledgesSettled;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.SettleCampaignPledges;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.Scans;
import io.crowdfund.pledge.PledgeProperties;

/**
 * Settles a closed campaign's pledges. Asking records the settlement, after which no new pledge is
 * taken for the campaign; a scheduled worker waits until every pledge of it is final (the sagas'
 * timeouts see to that), then moves its confirmed pledges to COLLECTED or REFUNDED in chunks, one
 * set-based statement per transaction, and reports {@link CampaignPledgesSettled}. Resumable;
 * replicas share the work through {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
public class PledgeSettlements {

    private static final Logger log = LoggerFactory.getLogger(PledgeSettlements.class);

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
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final int chunkSize;

    PledgeSettlements(JdbcClient sql, Outbox outbox, TransactionTemplate transactions, PledgeProperties properties) {
        this.sql = sql;
        this.outbox = outbox;
        this.transactions = transactions;
        this.chunkSize = properties.settlementChunkSize();
    }

    /**
     * Records the request in the caller's transaction. It waits for pledge requests of the campaign
     * that are being written, so each is either refused or in flight (and waited for) by the time the
     * settlement looks. Asking again changes nothing: while the settlement runs it goes on, and once it
     * is settled {@link CampaignPledgesSettled} is sent again, since the asker may not have heard it.
     */
    public void begin(SettleCampaignPledges command) {
        sql.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))").param(command.campaignId().toString()).query((rs, n) -> 1).list();
        int recorded = sql.sql("""
                insert into pledge_settlements (campaign_id, owner_id, outcome, state) values (?, ?, ?, 'WAITING')
                on conflict (campaign_id) do nothing""").params(command.campaignId(), command.ownerId(), command.outcome().name()).update();
        if (recorded == 0) {
            sql.sql("select outcome, pledges_settled, amount_settled from pledge_settlements where campaign_id = ? and state = 'SETTLED'")
                    .param(command.campaignId())
                    .query((rs, n) -> new CampaignPledgesSettled(command.campaignId(), CampaignOutcome.valueOf(rs.getString("outcome")),
                            rs.getLong("pledges_settled"), rs.getBigDecimal("amount_settled")))
                    .optional()
                    .ifPresent(settled -> outbox.send(PledgeChannels.EVENTS, command.campaignId().toString(), settled));
        }
    }

    /**
     * Whether the campaign's pledges are being (or have been) settled, so it takes no more; otherwise the
     * caller's transaction holds off a settlement from beginning until it commits.
     */
    public boolean settlingAndGuarded(UUID campaignId) {
        sql.sql("select pg_advisory_xact_lock_shared(hashtextextended(?, 0))").param(campaignId.toString()).query((rs, n) -> 1).list();
        return sql.sql("select exists(select 1 from pledge_settlements where campaign_id = ?)").param(campaignId).query(Boolean.class).single();
    }

    @Scheduled(fixedDelayString = "${crowdfund.pledge.settlement-scan-interval:1s}")
    void settlePending() {
        List<UUID> open;
        try {
            open = sql.sql("select campaign_id from pledge_settlements where state <> 'SETTLED' order by requested_at").query(UUID.class).list();
        } catch (DataAccessException | TransactionException e) {
            log.warn("Pledge settlement failed; retried on the next scan: {}", e.getMessage());
            return;
        }
        for (UUID campaign : open) {
            Scans.drain(transactions, status -> settleNextChunk(campaign), log, "Pledge settlement of campaign " + campaign);
        }
    }

    /** One step of one settlement; true while there is more to do now. */
    private boolean settleNextChunk(UUID campaignId) {
        var settlement = sql.sql("""
                select outcome, state from pledge_settlements
                where campaign_id = ? and state <> 'SETTLED' for update skip locked""").param(campaignId)
                .query((rs, n) -> new Open(CampaignOutcome.valueOf(rs.getString("outcome")), rs.getString("state")))
                .optional();
        if (settlement.isEmpty()) {
            return false;
        }
        if ("WAITING".equals(settlement.get().state())) {
            boolean inFlight = sql.sql("select exists(select 1 from pledges where campaign_id = ? and moving)").param(campaignId)
                    .query(Boolean.class).single();
            if (inFlight) {
                return false;
            }
            sql.sql("update pledge_settlements set state = 'SETTLING' where campaign_id = ?").param(campaignId).update();
        }
        CampaignOutcome outcome = settlement.get().outcome();
        var progress = sql.sql(SETTLE_CHUNK).param("campaign", campaignId).param("chunk", chunkSize)
                .param("status", outcome == CampaignOutcome.SUCCESSFUL ? "COLLECTED" : "REFUNDED")
                .query((rs, n) -> new Progress(rs.getLong("settled_now"), rs.getLong("pledges_settled"), rs.getBigDecimal("amount_settled")))
                .single();
        if (progress.settledNow() > 0) {
            return true;
        }
        sql.sql("update pledge_settlements set state = 'SETTLED', settled_at = now() where campaign_id = ?").param(campaignId).update();
        outbox.send(PledgeChannels.EVENTS, campaignId.toString(),
                new CampaignPledgesSettled(campaignId, outcome, progress.pledgesSettled(), progress.amountSettled()));
        log.info("Settled the pledges of campaign {} ({}): {} pledges, {}", campaignId, outcome, progress.pledgesSettled(),
                progress.amountSettled());
        return false;
    }

    private record Open(CampaignOutcome outcome, String state) {
    }

    private record Progress(long settledNow, long pledgesSettled, BigDecimal amountSettled) {
    }
}
