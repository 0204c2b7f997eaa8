package io.crowdfund.closure.closing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.closure.ClosureProperties;
import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignUpdated;
import io.crowdfund.contracts.closure.CampaignSettled;
import io.crowdfund.contracts.closure.ClosureChannels;
import io.crowdfund.contracts.pledge.CampaignPledgesSettled;
import io.crowdfund.contracts.wallet.CampaignFundsSettled;
import io.crowdfund.contracts.wallet.CampaignFundsSettlementProgressed;
import io.crowdfund.messaging.InboundMessage;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.Scans;

/**
 * Closes campaigns at their deadline and drives settlement, one step per event:
 * campaign created → SCHEDULED; deadline (or an operator) → CLOSING, {@code CloseCampaign};
 * {@code CampaignClosed} → SETTLING, {@code SettleCampaignPledges} (pledge-service takes no more
 * pledges and waits until every one is final); {@code CampaignPledgesSettled} →
 * {@code SettleCampaignFunds} (wallet-service captures or refunds the holds in bulk);
 * {@code CampaignFundsSettled} → SETTLED, {@code CampaignSettled}. Each step is recorded with the
 * command it sends, in one transaction, so a crash resumes where it stopped; a closure that stops
 * moving asks again ({@link StalledClosures}).
 */
@Service
public class Closures implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(Closures.class);
    private static final int DUE_BATCH = 100;

    private final ClosureStore store;
    private final Participants participants;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration scanInterval;

    Closures(ClosureStore store, Participants participants, Outbox outbox, TransactionTemplate transactions, Clock clock,
            ClosureProperties properties) {
        this.store = store;
        this.participants = participants;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
        this.scanInterval = properties.scanInterval();
    }

    public Closure get(UUID campaignId) {
        return store.find(campaignId).orElseThrow(() -> new ClosureNotFound(campaignId));
    }

    public Page<Closure> list(ClosureState state, Pageable page) {
        return store.page(state, page);
    }

    /** An operator closes the campaign now, as if its deadline had passed (or asks campaign-service again while it is closing). */
    @Transactional
    public Closure closeNow(UUID campaignId) {
        Closure closure = store.lock(campaignId).orElseThrow(() -> new ClosureNotFound(campaignId));
        askToClose(closure, clock.instant());
        return closure;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::closeDueCampaigns, scanInterval);
    }

    void closeDueCampaigns() {
        Scans.drain(transactions, status -> {
            Instant now = clock.instant();
            List<Closure> due = store.lockDue(now, DUE_BATCH);
            due.forEach(closure -> askToClose(closure, now));
            return due.size() == DUE_BATCH;
        }, log, "Closing due campaigns");
    }

    /** The event types {@link #apply} acts on (keep in step with its cases); the listener passes over the rest unread. */
    public static final Set<Class<?>> EVENTS = Set.of(CampaignCreated.class, CampaignUpdated.class, CampaignClosed.class,
            CampaignPledgesSettled.class, CampaignFundsSettlementProgressed.class, CampaignFundsSettled.class);

    /** Applies one event of the other services, inside the consumer's transaction. */
    public void apply(InboundMessage<?> message) {
        Instant now = clock.instant();
        switch (message.payload()) {
            case CampaignCreated e -> store.insert(Closure.schedule(e.campaignId(), e.ownerId(), e.deadline(), now));
            case CampaignUpdated e -> store.lock(e.campaignId()).ifPresent(closure -> {
                closure.reschedule(e.deadline());
                store.save(closure);
            });
            case CampaignClosed e -> store.lock(e.campaignId()).ifPresent(closure -> {
                if (closure.closed(e.outcome(), e.closedAt(), now)) {
                    store.save(closure);
                    participants.ask(closure);
                }
            });
            case CampaignPledgesSettled e -> store.lock(e.campaignId()).ifPresent(closure -> {
                if (closure.pledgesSettled(e.pledgesSettled(), now)) {
                    store.save(closure);
                    participants.ask(closure);
                }
            });
            case CampaignFundsSettlementProgressed e -> store.lock(e.campaignId()).ifPresent(closure -> {
                if (closure.moneyProgress(e.amountSettled(), now)) {
                    store.save(closure);
                }
            });
            case CampaignFundsSettled e -> store.lock(e.campaignId()).ifPresent(closure -> {
                if (closure.settled(e.amountSettled(), e.fee(), e.paidOut(), now)) {
                    store.save(closure);
                    outbox.send(ClosureChannels.EVENTS, e.campaignId().toString(), new CampaignSettled(e.campaignId(), closure.ownerId(),
                            closure.outcome(), closure.pledgesSettled(), closure.amountRefunded(), closure.amountPaidOut(), closure.fee(), now));
                }
            });
            default -> { }
        }
    }

    private void askToClose(Closure closure, Instant now) {
        if (closure.close(now)) {
            store.save(closure);
            participants.ask(closure);
        }
    }
}
