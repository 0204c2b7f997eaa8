package io.crowdfund.closure.closing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.Scans;
import io.crowdfund.closure.ClosureProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Asks a participant again when a closure waiting on it has not moved for
 * {@code crowdfund.closure.reask-after}: no state change and no progress event (a lost command or
 * answer, a participant that gave up on a command during an outage, one that is down). Asked again
 * after as long while nothing moves. Each re-ask is recorded on the closure (count and time) and
 * counted in {@code closure.reasks{step}}. Replicas share the scan through {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class StalledClosures implements SchedulingConfigurer {

    /** Counter of participants asked again, tagged with the step. */
    static final String REASKS = "closure.reasks";

    private static final Logger log = LoggerFactory.getLogger(StalledClosures.class);
    private static final int BATCH = 100;

    private final ClosureStore store;
    private final Participants participants;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration reaskAfter;
    private final Duration scanInterval;
    private final Map<Closure.Step, Counter> reasks = new EnumMap<>(Closure.Step.class);

    StalledClosures(ClosureStore store, Participants participants, TransactionTemplate transactions, Clock clock,
            ClosureProperties properties, MeterRegistry meters) {
        this.store = store;
        this.participants = participants;
        this.transactions = transactions;
        this.clock = clock;
        this.reaskAfter = properties.reaskAfter();
        this.scanInterval = properties.scanInterval();
        // every series there from the start, so an increase() sees the first re-ask of a replica
        for (Closure.Step step : Closure.Step.values()) {
            reasks.put(step, Counter.builder(REASKS).tag("step", step.name())
                    .description("Participants asked again because a closure waiting on them stopped moving").register(meters));
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::reaskStalled, scanInterval);
    }

    void reaskStalled() {
        Scans.drain(transactions, status -> reaskBatch(), log, "Looking for stalled closures");
    }

    /** One transaction: asks again for up to a batch of stalled closures; true if the batch was full. */
    private boolean reaskBatch() {
        Instant now = clock.instant();
        List<Closure> stalled = store.lockStalled(now.minus(reaskAfter), BATCH);
        for (Closure closure : stalled) {
            if (!closure.stalled(now, reaskAfter)) {
                continue;
            }
            Duration quiet = Duration.between(closure.progressedAt(), now);
            Closure.Step step = closure.reask(now);
            store.save(closure);
            participants.ask(closure);
            reasks.get(step).increment();
            log.warn("The closure of campaign {} has not moved for {} s waiting on {}; asked again ({} times now)", closure.campaignId(),
                    quiet.toSeconds(), step, closure.reasks());
        }
        return stalled.size() == BATCH;
    }
}
