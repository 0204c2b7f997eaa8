package io.crowdfund.pledge.settlement;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

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
public class PledgeSettlements implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(PledgeSettlements.class);

    private final PledgeSettlementStore store;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final int chunkSize;
    private final Duration scanInterval;

    PledgeSettlements(PledgeSettlementStore store, Outbox outbox, TransactionTemplate transactions, PledgeProperties properties) {
        this.store = store;
        this.outbox = outbox;
        this.transactions = transactions;
        this.chunkSize = properties.settlementChunkSize();
        this.scanInterval = properties.settlementScanInterval();
    }

    /**
     * Records the request in the caller's transaction. It waits for pledge requests of the campaign
     * that are being written, so each is either refused or in flight (and waited for) by the time the
     * settlement looks. Asking again changes nothing: while the settlement runs it goes on, and once it
     * is settled {@link CampaignPledgesSettled} is sent again, since the asker may not have heard it.
     */
    public void begin(SettleCampaignPledges command) {
        store.guard(command.campaignId(), true);
        if (!store.insert(PledgeSettlement.requested(command.campaignId(), command.ownerId(), command.outcome()))) {
            store.findSettled(command.campaignId())
                    .ifPresent(settled -> outbox.send(PledgeChannels.EVENTS, command.campaignId().toString(), settled));
        }
    }

    /**
     * Whether the campaign's pledges are being (or have been) settled, so it takes no more; otherwise the
     * caller's transaction holds off a settlement from beginning until it commits.
     */
    public boolean settlingAndGuarded(UUID campaignId) {
        store.guard(campaignId, false);
        return store.exists(campaignId);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::settlePending, scanInterval);
    }

    void settlePending() {
        List<UUID> open;
        try {
            open = store.unsettled();
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
        Optional<PledgeSettlement> unsettled = store.lockUnsettled(campaignId);
        if (unsettled.isEmpty()) {
            return false;
        }
        PledgeSettlement settlement = unsettled.get();
        if (settlement.state() == PledgeSettlement.State.WAITING) {
            if (store.pledgesMoving(campaignId)) {
                return false;
            }
            settlement = settlement.started();
            store.save(settlement);
        }
        var progress = store.settleChunk(settlement, chunkSize);
        if (progress.settledNow() > 0) {
            return true;
        }
        store.save(settlement.settled());
        outbox.send(PledgeChannels.EVENTS, campaignId.toString(),
                new CampaignPledgesSettled(campaignId, settlement.outcome(), progress.pledgesSettled(), progress.amountSettled()));
        log.info("Settled the pledges of campaign {} ({}): {} pledges, {}", campaignId, settlement.outcome(), progress.pledgesSettled(),
                progress.amountSettled());
        return false;
    }
}
