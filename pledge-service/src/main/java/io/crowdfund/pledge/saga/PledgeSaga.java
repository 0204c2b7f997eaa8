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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.contracts.pledge.PledgeRefunded;
import io.crowdfund.contracts.pledge.PledgeRejected;
import io.crowdfund.messaging.InboundMessage;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.OutgoingMessage;
import io.crowdfund.web.MoneyProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Moves pledges on their participants' replies (as {@link SagaTable} says): a
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
    public void apply(List<InboundMessage<?>> messages) {
        List<SagaReply> replies = messages.stream().map(message -> SagaReply.of(message.payload())).toList();
        Map<UUID, Pledge> pledges = store.lock(replies.stream().map(SagaReply::pledgeId).collect(Collectors.toCollection(LinkedHashSet::new)));
        Instant now = clock.instant();
        List<OutgoingMessage> out = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            SagaReply reply = replies.get(i);
            InboundMessage<?> message = messages.get(i);
            Pledge pledge = pledges.get(reply.pledgeId());
            if (pledge == null) {
                log.warn("Reply {} for an unknown pledge; ignored", message.type());
                continue;
            }
            if (reply.kind() == SagaReply.Kind.ALREADY_CAPTURED) {
                log.error("Pledge {} at {}: its hold was already paid out", pledge.id(), pledge.step());
                continue;
            }
            SagaStep step = pledge.step();
            PledgeStatus status = pledge.status();
            pledge.on(reply, now).ifPresentOrElse(transition -> send(pledge, transition.sends(), status, message, out),
                    () -> log.debug("Pledge {} at {} ignores the stale reply {}", pledge.id(), step, message.type()));
        }
        finish(pledges.values(), out);
    }

    /** Sends the commands of a pledge's move, and the event if its status changed. */
    void send(Pledge pledge, List<SagaCommand> commands, PledgeStatus statusBefore, InboundMessage<?> cause, List<OutgoingMessage> out) {
        commands.forEach(command -> out.add(command.to(pledge, cause)));
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

    private Optional<Object> event(Pledge p) {
        return Optional.ofNullable(switch (p.status()) {
            case CONFIRMED -> new PledgeConfirmed(p.id(), p.campaignId(), p.ownerId(), p.backerId(), p.amount(), currency, p.rewardTierId(),
                    p.campaignFunds(), p.backerCount(), p.updatedAt());
            case REJECTED -> new PledgeRejected(p.id(), p.campaignId(), p.backerId(), p.amount(), p.rejectionReason().name());
            case REFUNDED -> new PledgeRefunded(p.id(), p.campaignId(), p.ownerId(), p.backerId(), p.amount(), currency, p.campaignFunds(),
                    p.backerCount() == null ? 0 : p.backerCount(), p.updatedAt());
            default -> null;
        });
    }
}
