package io.crowdfund.pledge.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.crowdfund.contracts.campaign.ClaimRejected;
import io.crowdfund.contracts.campaign.ClaimReply;
import io.crowdfund.contracts.campaign.PledgeClaimed;
import io.crowdfund.contracts.campaign.PledgeUnclaimed;
import io.crowdfund.contracts.campaign.UnclaimRefused;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.contracts.pledge.PledgeRefunded;
import io.crowdfund.contracts.pledge.PledgeRejected;
import io.crowdfund.contracts.wallet.FundsAlreadyCaptured;
import io.crowdfund.contracts.wallet.FundsNotReserved;
import io.crowdfund.contracts.wallet.FundsRefunded;
import io.crowdfund.contracts.wallet.FundsReply;
import io.crowdfund.contracts.wallet.FundsReleased;
import io.crowdfund.contracts.wallet.FundsReserved;
import io.crowdfund.messaging.InboundMessage;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.OutgoingMessage;
import io.crowdfund.web.MoneyProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Moves pledges on their participants' replies (see {@link SagaStep} for the table of steps): a
 * polled batch of replies is applied in one transaction, each pledge locked once; the next command
 * and any event go through the outbox with the new state. A reply the pledge's step does not expect
 * (stale, repeated, out of order) changes nothing.
 */
@Service
public class PledgeSaga {

    private static final Logger log = LoggerFactory.getLogger(PledgeSaga.class);

    private final PledgeStore store;
    private final Outbox outbox;
    private final PledgeOutcomes outcomes;
    /** Request to final state, by the state reached: the saga's latency and, counted, its pledges by outcome. */
    private final Map<PledgeStatus, Timer> sagaDurations = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;
    private final String currency;

    PledgeSaga(PledgeStore store, Outbox outbox, PledgeOutcomes outcomes, Clock clock, MoneyProperties money, MeterRegistry meters) {
        this.store = store;
        this.outbox = outbox;
        this.outcomes = outcomes;
        this.meters = meters;
        this.clock = clock;
        this.currency = money.currency();
    }

    /** Runs inside the consumer's transaction. */
    public void apply(List<InboundMessage<?>> replies) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (InboundMessage<?> reply : replies) {
            ids.add(pledgeOf(reply.payload()));
        }
        Map<UUID, Pledge> pledges = store.lock(ids);
        Instant now = clock.instant();
        List<OutgoingMessage> out = new ArrayList<>();
        for (InboundMessage<?> reply : replies) {
            Pledge pledge = pledges.get(pledgeOf(reply.payload()));
            if (pledge == null) {
                log.warn("Reply {} for an unknown pledge; ignored", reply.type());
                continue;
            }
            SagaStep step = pledge.step();
            PledgeStatus status = pledge.status();
            if (!advance(pledge, reply.payload(), now)) {
                log.debug("Pledge {} at {} ignores the stale reply {}", pledge.id(), step, reply.type());
                continue;
            }
            next(pledge, step, status, reply, out);
        }
        finish(pledges.values(), out);
    }

    /** Sends what a pledge's new step asks, and the event if its status changed. */
    void next(Pledge pledge, SagaStep stepBefore, PledgeStatus statusBefore, InboundMessage<?> cause, List<OutgoingMessage> out) {
        if (pledge.step() != stepBefore) {
            pledge.step().ask(pledge).ifPresent(command -> out.add(new OutgoingMessage(command.topic(), command.key(), command.payload(), cause)));
        }
        if (pledge.status() != statusBefore) {
            event(pledge).ifPresent(event -> out.add(new OutgoingMessage(PledgeChannels.EVENTS, pledge.campaignId().toString(), event, cause)));
        }
    }

    /** Saves the pledges and sends the messages; waiters are woken with the final pledges once it commits. */
    void finish(Collection<Pledge> pledges, List<OutgoingMessage> out) {
        store.save(pledges);
        if (!out.isEmpty()) {
            outbox.send(out);
        }
        List<Pledge> finished = pledges.stream().filter(p -> p.changed() && p.step() == SagaStep.DONE).toList();
        if (!finished.isEmpty()) {
            Instant now = clock.instant();
            finished.forEach(p -> sagaDuration(p.status()).record(Duration.between(p.createdAt(), now)));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    finished.forEach(outcomes::finished);
                }
            });
        }
    }

    private Timer sagaDuration(PledgeStatus status) {
        return sagaDurations.computeIfAbsent(status, s -> Timer.builder("pledge.saga.duration")
                .description("From the pledge's request to its final state").tag("status", s.name()).publishPercentileHistogram()
                .register(meters));
    }

    private static boolean advance(Pledge p, Object reply, Instant now) {
        switch (reply) {
            case FundsReserved r when p.expects(SagaStep.RESERVING) -> p.fundsReserved(now);
            case FundsNotReserved r when p.expects(SagaStep.RESERVING) -> p.fundsNotReserved(now);
            case PledgeClaimed r when p.expects(SagaStep.CLAIMING) -> p.claimed(r.ownerId(), r.campaignFunds(), r.backerCount(), now);
            case ClaimRejected r when p.expects(SagaStep.CLAIMING) -> p.claimRejected(r.reason().name(), now);
            case PledgeUnclaimed r when p.expects(SagaStep.REVOKING) -> p.revoked(now);
            case UnclaimRefused r when p.expects(SagaStep.REVOKING) -> p.revoked(now);
            case FundsReleased r when p.expects(SagaStep.RELEASING) -> p.released(now);
            case PledgeUnclaimed r when p.expects(SagaStep.UNCLAIMING) -> p.unclaimed(r.campaignFunds(), r.backerCount(), now);
            case UnclaimRefused r when p.expects(SagaStep.UNCLAIMING) -> p.unclaimRefused(now);
            case FundsRefunded r when p.expects(SagaStep.REFUNDING) -> p.refunded(now);
            case FundsAlreadyCaptured r -> log.error("Pledge {} at {}: its hold was already paid out", p.id(), p.step());
            default -> {
                return false;
            }
        }
        return true;
    }

    private Optional<Object> event(Pledge p) {
        return Optional.ofNullable(switch (p.status()) {
            case CONFIRMED -> new PledgeConfirmed(p.id(), p.campaignId(), p.ownerId(), p.backerId(), p.amount(), currency, p.rewardTierId(),
                    p.campaignFunds(), p.backerCount(), p.updatedAt());
            case REJECTED -> new PledgeRejected(p.id(), p.campaignId(), p.backerId(), p.amount(), p.rejectionReason());
            case REFUNDED -> new PledgeRefunded(p.id(), p.campaignId(), p.ownerId(), p.backerId(), p.amount(), currency, p.campaignFunds(),
                    p.backerCount() == null ? 0 : p.backerCount(), p.updatedAt());
            default -> null;
        });
    }

    private static UUID pledgeOf(Object reply) {
        return switch (reply) {
            case FundsReply r -> r.pledgeId();
            case ClaimReply r -> r.pledgeId();
            default -> throw new IllegalArgumentException("pledge-service does not expect " + reply.getClass().getSimpleName());
        };
    }
}
