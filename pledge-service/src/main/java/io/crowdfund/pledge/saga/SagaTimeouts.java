package io.crowdfund.pledge.saga;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.OutgoingMessage;
import io.crowdfund.messaging.Scans;
import io.crowdfund.pledge.PledgeProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Finds sagas whose step has waited longer than the step timeout (a lost reply, a participant that
 * is down) and asks again, or compensates a forward step after the last attempt, so no pledge stays
 * PENDING for ever. Replicas share the work through {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class SagaTimeouts implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SagaTimeouts.class);
    private static final int BATCH = 500;

    private final PledgeStore store;
    private final PledgeSaga saga;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final PledgeProperties properties;
    private final Counter reasked;

    SagaTimeouts(PledgeStore store, PledgeSaga saga, TransactionTemplate transactions, Clock clock, PledgeProperties properties,
            MeterRegistry meters) {
        this.store = store;
        this.saga = saga;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
        this.reasked = Counter.builder("pledge.saga.timeouts").description("Saga steps asked again or compensated after a timeout")
                .register(meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::resumeWaitingSagas, properties.scanInterval());
    }

    void resumeWaitingSagas() {
        Scans.drain(transactions, status -> resumeBatch(), log, "Saga timeout scan");
    }

    private boolean resumeBatch() {
        Instant now = clock.instant();
        List<Pledge> waiting = store.lockWaitingSince(now.minus(properties.stepTimeout()), BATCH);
        List<OutgoingMessage> out = new ArrayList<>();
        for (Pledge pledge : waiting) {
            SagaStep step = pledge.step();
            PledgeStatus status = pledge.status();
            List<SagaCommand> commands = pledge.timedOut(properties.maxAttempts(), now);
            if (pledge.step() != step) {
                log.warn("Pledge {} gave up on {} after {} attempts; compensating with {}", pledge.id(), step, properties.maxAttempts(),
                        pledge.step());
            }
            saga.send(pledge, commands, status, null, out);
        }
        saga.finish(waiting, out);
        reasked.increment(waiting.size());
        return waiting.size() == BATCH;
    }
}
