package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
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
 * <p>
 * One row never blocks the outbox: a message Kafka refuses for good (too large, an invalid topic)
 * is moved into {@code messaging.parked_messages} in the transaction that takes it out of the
 * outbox, counted ({@code outbox.parked}), and the rows behind it go on. Its key's later messages
 * are then published without it: if an operator publishes it afterwards, it arrives after them.
 * Retriable failures (broker away, timeouts) still roll the batch back to be sent again.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int LOCKED = -1;
    /** Counter of rows parked. */
    static final String PARKED = "outbox.parked";
    private static final int MAX_ERROR_CHARS = 2000;
    private static final int MAX_REMEMBERED_REFUSALS = 1000;

    private final OutboxStore store;
    private final Producer<String, byte[]> producer;
    private final TransactionTemplate transactions;
    private final MessagingProperties.Relay settings;
    private final Semaphore signal = new Semaphore(0);
    private final Counter published;
    private final Counter failures;
    private final Timer lag;
    private final Counter parked;
    /** Rows Kafka refused for good in a batch that failed for another reason too, by outbox id: parked on the next pass. */
    private final Map<Long, Throwable> knownRefusals = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(OutboxStore store, Producer<String, byte[]> producer, TransactionTemplate transactions,
            MessagingProperties.Relay settings, MeterRegistry meters) {
        this.store = store;
        this.producer = producer;
        this.transactions = transactions;
        this.settings = settings;
        // one series per instance, there from the start: a rate or increase over it sees the first
        // parked message (a series born at 1 shows no increase); the topic is in the table and the log
        this.parked = Counter.builder(PARKED).description("Outbox messages Kafka refused for good, moved aside into messaging.parked_messages")
                .register(meters);
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
        running = false;
        if (thread != null) {
            wakeUp();
            try {
                thread.join(settings.publishTimeout().plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    /** One transaction: lock and take a batch (one round trip), publish it, park what Kafka refused for good, commit. Returns the rows relayed or LOCKED. */
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

    /**
     * Sends the rows and waits for every acknowledgement. A row Kafka refused for good is parked in
     * this transaction and the batch commits without it; any other failure (broker away, timeout)
     * throws, so the whole batch is rolled back and sent again later, nothing parked. A refusal seen
     * in a batch that failed for another reason as well is remembered, so that the next pass parks
     * that row without sending it again (a broker's refusal can also fail the records sent behind it
     * to the same partition).
     */
    private void publish(List<OutboxRow> rows) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            acks.add(send(row));
        }
        Map<OutboxRow, Throwable> refused = new IdentityHashMap<>(); // by identity: rows compare by their whole payload
        Exception retry = null;
        long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (KafkaRefusals.isPermanent(e.getCause())) {
                    refused.put(rows.get(i), e.getCause());
                } else if (retry == null) {
                    retry = e;
                }
            } catch (TimeoutException e) {
                retry = retry == null ? e : retry;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while publishing", e);
            }
        }
        if (retry != null) {
            refused.forEach((row, error) -> rememberRefusal(row.id(), error));
            throw new IllegalStateException("Kafka did not acknowledge the batch", retry);
        }
        refused.forEach(this::park);
        Instant now = Instant.now();
        rows.stream().filter(row -> !refused.containsKey(row)).forEach(row -> lag.record(Duration.between(row.createdAt(), now)));
        published.increment(rows.size() - refused.size());
    }

    /** Sends a row, or answers at once with the refusal Kafka gave it before (or gives it now, while sending). */
    private Future<RecordMetadata> send(OutboxRow row) {
        Throwable known = knownRefusals.get(row.id());
        if (known != null) {
            return CompletableFuture.failedFuture(known);
        }
        try {
            return producer.send(toRecord(row));
        } catch (KafkaException e) {
            if (KafkaRefusals.isPermanent(e)) {
                return CompletableFuture.failedFuture(e);
            }
            throw e;
        }
    }

    private void park(OutboxRow row, Throwable error) {
        store.park(row, abbreviate(error.toString()));
        knownRefusals.remove(row.id());
        parked.increment();
        log.error("Kafka refused outbox message {} ({} to {}, key {}, {} characters) for good: parked it and went on without it. {}",
                row.messageId(), row.type(), row.topic(), row.key(), row.payload().length(), error.toString());
    }

    private void rememberRefusal(long rowId, Throwable error) {
        if (knownRefusals.size() >= MAX_REMEMBERED_REFUSALS) {
            knownRefusals.clear(); // only a shortcut: a row forgotten here is refused again and parked then
        }
        knownRefusals.put(rowId, error);
    }

    private static String abbreviate(String error) {
        return error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS) + "...";
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
