package io.crowdfund.pledge.saga;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.MessageTracing;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.OutgoingMessage;
import io.crowdfund.pledge.PledgeProperties;
import io.crowdfund.pledge.settlement.PledgeSettlements;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes the pledges requested at the same time together (group commit): a writer takes every
 * request waiting when it is free, up to {@code intakeBatch}, and writes them in one transaction:
 * the backers' shares of the per-backer limit ({@link BackerPace}), the settlement guard once per
 * campaign, one insert for all the pledges, one outbox batch for their first commands, one commit. Alone, a request is a batch of one; in a rush, hundreds of requests
 * share a handful of statements instead of paying five each.
 * <p>
 * A batch that fails is written again one request per transaction, so a request that cannot be
 * written fails alone. A request waits (its virtual thread parked) until its batch commits.
 */
@Component
class PledgeIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PledgeIntake.class);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** What became of a requested pledge. */
    enum Outcome {
        /** inserted, its first command in the outbox */
        NEW,
        /** its backer had already used its Idempotency-Key: nothing written */
        KEY_TAKEN,
        /** its campaign's pledges are being settled: nothing written */
        SETTLING,
        /** its backer has made as many pledges as the period allows: nothing written */
        TOO_FAST
    }

    /** What became of a requested pledge and, when TOO_FAST, how long until it would pass. */
    record Written(Outcome outcome, Duration retryAfter) {

        static Written of(Outcome outcome) {
            return new Written(outcome, Duration.ZERO);
        }
    }

    /** A request to write, with the span context of the thread that asked (its command continues that trace). */
    private record Request(Pledge pledge, Consumer<Pledge> beforeCommit, String traceParent, CompletableFuture<Written> written) {
    }

    private final PledgeStore store;
    private final BackerPace pace;
    private final PledgeSettlements settlements;
    private final Outbox outbox;
    private final MessageTracing tracing;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int writers;
    private final int maxBatch;
    private final DistributionSummary batchSizes;
    private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    PledgeIntake(PledgeStore store, BackerPace pace, PledgeSettlements settlements, Outbox outbox, MessageTracing tracing,
            TransactionTemplate transactions, Clock clock, PledgeProperties properties, MeterRegistry meters) {
        this.store = store;
        this.pace = pace;
        this.clock = clock;
        this.settlements = settlements;
        this.outbox = outbox;
        this.tracing = tracing;
        this.transactions = transactions;
        if (properties.intakeWriters() < 1 || properties.intakeBatch() < 1) {
            throw new IllegalArgumentException("crowdfund.pledge.intake-writers and intake-batch must be at least 1");
        }
        this.writers = properties.intakeWriters();
        this.maxBatch = properties.intakeBatch();
        this.batchSizes = DistributionSummary.builder("pledge.intake.batch").description("Pledge requests written in one transaction")
                .register(meters);
        Gauge.builder("pledge.intake.waiting", waiting, BlockingQueue::size).description("Pledge requests waiting for a writer").register(meters);
    }

    /**
     * Writes the pledge with the others requested meanwhile and answers once their transaction has
     * committed; {@code beforeCommit} runs inside it for a pledge that is new. A failure to write it
     * is thrown as it was raised.
     */
    Written write(Pledge pledge, Consumer<Pledge> beforeCommit) {
        if (!running) {
            throw new IllegalStateException("pledge intake is not running");
        }
        var request = new Request(pledge, beforeCommit, tracing.currentTraceParent(), new CompletableFuture<>());
        waiting.add(request);
        try {
            return request.written().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void writeWhileRunning() {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (running || !waiting.isEmpty()) {
            try {
                Request first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, maxBatch - 1);
                writeOrSplit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeOrSplit(List<Request> batch) {
        batchSizes.record(batch.size());
        try {
            complete(batch, transactions.execute(status -> writeTogether(batch)));
        } catch (RuntimeException failed) {
            if (batch.size() == 1) {
                batch.getFirst().written().completeExceptionally(failed);
                return;
            }
            log.debug("A batch of {} pledge requests failed ({}); writing them one by one", batch.size(), failed.getMessage());
            for (Request request : batch) {
                try {
                    complete(List.of(request), transactions.execute(status -> writeTogether(List.of(request))));
                } catch (RuntimeException alone) {
                    request.written().completeExceptionally(alone);
                }
            }
        }
    }

    /** Writes the batch in the caller's transaction; what became of each request, in the batch's order. */
    private List<Written> writeTogether(List<Request> batch) {
        // each backer's share of the limit first, then the guards in campaign order, as a settlement
        // beginning for several campaigns would take them
        List<Optional<Duration>> tooFast = pace.take(batch.stream().map(request -> request.pledge().backerId()).toList(), clock.instant());
        Map<UUID, Boolean> settling = new TreeMap<>();
        batch.forEach(request -> settling.put(request.pledge().campaignId(), false));
        settling.replaceAll((campaign, unknown) -> settlements.settlingAndGuarded(campaign));
        List<Pledge> toInsert = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pledge pledge = batch.get(i).pledge();
            if (tooFast.get(i).isEmpty() && !settling.get(pledge.campaignId())) {
                toInsert.add(pledge);
            }
        }
        Set<UUID> inserted = store.insertUnlessKeyTaken(toInsert);
        List<Written> written = new ArrayList<>(batch.size());
        List<OutgoingMessage> commands = new ArrayList<>(inserted.size());
        for (int i = 0; i < batch.size(); i++) {
            Request request = batch.get(i);
            Pledge pledge = request.pledge();
            if (tooFast.get(i).isPresent()) {
                written.add(new Written(Outcome.TOO_FAST, tooFast.get(i).get()));
            } else if (settling.get(pledge.campaignId())) {
                written.add(Written.of(Outcome.SETTLING));
            } else if (inserted.contains(pledge.id())) {
                SagaTable.row(pledge.step()).asks().forEach(command -> commands.add(command.to(pledge, null).inSpan(request.traceParent())));
                request.beforeCommit().accept(pledge);
                written.add(Written.of(Outcome.NEW));
            } else {
                written.add(Written.of(Outcome.KEY_TAKEN));
            }
        }
        outbox.send(commands);
        return written;
    }

    private static void complete(List<Request> batch, List<Written> written) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).written().complete(written.get(i));
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name("pledge-intake-" + i).daemon().start(this::writeWhileRunning));
        }
    }

    /** Stops taking requests once the web server has stopped sending them; what is waiting is still written. */
    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(STOP_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Started before the web server takes requests and stopped after it has finished them, but
     * before the outbox relay (phase {@code DEFAULT_PHASE - 4096}), so that the commands of the
     * last batches are still published by this replica.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }
}
