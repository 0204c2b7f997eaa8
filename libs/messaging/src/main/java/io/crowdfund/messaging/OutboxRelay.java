package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.OutboxStore.OutboxRow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Publishes outbox rows to Kafka in id order, in batches, taking them out of the outbox in the
 * transaction that publishes them (committed once Kafka has acknowledged them). A
 * transaction-scoped advisory lock lets one replica publish at a time, so rows of one key are never
 * published out of order and never by two relays at once. Commits wake the relay at once; a slow
 * poll is only a safety net. A crash after publishing but before that transaction commits
 * publishes the batch again: consumers are idempotent, so that costs no second effect.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int LOCKED = -1;

    private final OutboxStore store;
    private final Producer<String, byte[]> producer;
    private final TransactionTemplate transactions;
    private final MessagingProperties.Relay settings;
    private final Semaphore signal = new Semaphore(0);
    private final Counter published;
    private final Counter failures;
    private final Timer lag;
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(OutboxStore store, Producer<String, byte[]> producer, TransactionTemplate transactions,
            MessagingProperties.Relay settings, MeterRegistry meters) {
        this.store = store;
        this.producer = producer;
        this.transactions = transactions;
        this.settings = settings;
        this.published = Counter.builder("outbox.relay.published").description("Outbox messages published").register(meters);
        this.failures = Counter.builder("outbox.relay.failures").description("Relay batches that failed and will be retried").register(meters);
        this.lag = Timer.builder("outbox.relay.lag").description("Time from outbox insert to publication")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** Asks the relay to look for new rows now (called after a commit that recorded messages). */
    public void wakeUp() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        wakeUp();
        try {
            thread.join(settings.publishTimeout().plusSeconds(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Stop after the listener containers and the web server's graceful drain, so that what they
        // commit while draining is still published by this instance.
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private void loop() {
        Duration backOff = Duration.ZERO;
        while (running) {
            try {
                signal.tryAcquire(backOff.isZero() ? settings.pollInterval().toMillis() : backOff.toMillis(), TimeUnit.MILLISECONDS);
                signal.drainPermits();
                drain();
                backOff = Duration.ZERO;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failures.increment();
                backOff = backOff.isZero() ? Duration.ofMillis(50) : min(backOff.multipliedBy(2), settings.pollInterval());
                log.warn("Outbox relay batch failed, retrying in {} ms: {}", backOff.toMillis(), e.toString());
            }
        }
    }

    /** Publishes until no unsent row is left, or another replica is doing it. */
    void drain() {
        long lockDeadline = System.nanoTime() + settings.pollInterval().toNanos();
        while (running) {
            int relayed = relayBatch();
            if (relayed == LOCKED) {
                if (System.nanoTime() > lockDeadline) {
                    return;
                }
                LockSupport.parkNanos(settings.lockRetry().toNanos());
            } else if (relayed < settings.batchSize()) {
                return;
            }
        }
    }

    /** One transaction: lock and take a batch (one round trip), publish it, commit. Returns the rows relayed or LOCKED. */
    int relayBatch() {
        Integer relayed = transactions.execute(status -> {
            Optional<List<OutboxRow>> taken = store.lockAndTakeBatch(settings.batchSize());
            if (taken.isEmpty()) {
                return LOCKED;
            }
            List<OutboxRow> rows = taken.get();
            if (rows.isEmpty()) {
                return 0;
            }
            publish(rows);
            return rows.size();
        });
        return relayed == null ? 0 : relayed;
    }

    private void publish(List<OutboxRow> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            acks.add(producer.send(toRecord(row)));
        }
        long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing", e);
        }
        Instant now = Instant.now();
        rows.forEach(row -> lag.record(Duration.between(row.createdAt(), now)));
        published.increment(rows.size());
    }

    private static ProducerRecord<String, byte[]> toRecord(OutboxRow row) {
        var record = new ProducerRecord<>(row.topic(), row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
        header(record, MessageHeaders.MESSAGE_ID, row.messageId().toString());
        header(record, MessageHeaders.MESSAGE_TYPE, row.type());
        header(record, MessageHeaders.CORRELATION_ID, row.correlationId().toString());
        if (row.causationId() != null) {
            header(record, MessageHeaders.CAUSATION_ID, row.causationId().toString());
        }
        if (row.traceParent() != null) {
            header(record, MessageHeaders.TRACE_PARENT, row.traceParent());
        }
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
