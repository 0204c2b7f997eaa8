package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;

/**
 * Applies a polled batch of records in one transaction together with their ids in the inbox, so a
 * redelivered message has no second effect. When a batch fails, its records are applied one by
 * one to find the failing record; those before it commit, and the failing one is handed to the
 * container's error handler (bounded retries, then the dead-letter topic) without holding back
 * the rest of the partition.
 * <p>
 * Each message is handled in a consumer span continuing the trace in its {@code traceparent}
 * header, and logged at debug level with that trace id: set
 * {@code LOGGING_LEVEL_IO_CROWDFUND_MESSAGING=debug} to follow one flow through the services' logs.
 */
public class IdempotentConsumer {

    private static final Logger log = LoggerFactory.getLogger(IdempotentConsumer.class);

    private final MessageCodec codec;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final Counter duplicates;
    private final Counter skipped;
    private final MessageTracing tracing;

    IdempotentConsumer(MessageCodec codec, Inbox inbox, TransactionTemplate transactions, MeterRegistry meters, MessageTracing tracing) {
        this.codec = codec;
        this.tracing = tracing;
        this.inbox = inbox;
        this.transactions = transactions;
        this.duplicates = Counter.builder("inbox.duplicates").description("Redelivered messages skipped").register(meters);
        this.skipped = Counter.builder("inbox.unwanted").description("Messages of types the listener does not need, passed over").register(meters);
    }

    /** Applies the records' new messages with one call of the handler, in one transaction. */
    public void processBatch(String consumer, List<ConsumerRecord<String, byte[]>> records, BatchHandler handler) {
        process(consumer, records, traced -> handler.handle(traced.stream().map(Traced::message).toList()));
    }

    /** Applies the records' new messages one handler call each, in one transaction; each is the cause of what its handler sends. */
    public void processEach(String consumer, List<ConsumerRecord<String, byte[]>> records, MessageHandler handler) {
        process(consumer, records, traced -> traced.forEach(each -> tracing.inScope(each.span(),
                () -> MessageContext.causedBy(each.message(), () -> handler.handle(each.message())))));
    }

    /**
     * Like {@link #processEach(String, List, MessageHandler)} for a listener that needs only some
     * message types of its topics: records of other types are passed over before any transaction or
     * inbox row (ignoring a message is idempotent by itself). A record without a type header still
     * goes through, to be dead-lettered as unreadable.
     */
    public void processEach(String consumer, List<ConsumerRecord<String, byte[]>> records, Set<Class<?>> wanted, MessageHandler handler) {
        processEach(consumer, wantedOnly(consumer, records, wanted), handler);
    }

    /** Like {@link #processBatch(String, List, BatchHandler)}, passing over records of types the listener does not need. */
    public void processBatch(String consumer, List<ConsumerRecord<String, byte[]>> records, Set<Class<?>> wanted, BatchHandler handler) {
        processBatch(consumer, wantedOnly(consumer, records, wanted), handler);
    }

    private List<ConsumerRecord<String, byte[]>> wantedOnly(String consumer, List<ConsumerRecord<String, byte[]>> records, Set<Class<?>> wanted) {
        Set<String> names = new HashSet<>();
        wanted.forEach(type -> names.add(type.getSimpleName()));
        List<ConsumerRecord<String, byte[]>> relevant = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Header type = record.headers().lastHeader(MessageHeaders.MESSAGE_TYPE);
            if (type == null || names.contains(new String(type.value(), StandardCharsets.UTF_8))) {
                relevant.add(record);
            } else if (log.isDebugEnabled()) {
                logPassedOver(consumer, record);
            }
        }
        skipped.increment(records.size() - relevant.size());
        return relevant;
    }

    private void process(String consumer, List<ConsumerRecord<String, byte[]>> records, Consumer<List<Traced>> handler) {
        if (records.isEmpty()) {
            return;
        }
        try {
            apply(consumer, records, handler);
        } catch (RuntimeException batchFailure) {
            if (records.size() == 1) {
                throw failed(batchFailure, records.getFirst());
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    apply(consumer, List.of(record), handler);
                } catch (RuntimeException failure) {
                    throw failed(failure, record);
                }
            }
        }
    }

    /** One transaction: the inbox claims the batch's ids and the handler applies the new ones, each in its consumer span. */
    private void apply(String consumer, List<ConsumerRecord<String, byte[]>> records, Consumer<List<Traced>> handler) {
        Map<UUID, Traced> byId = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            InboundMessage<?> message = codec.decode(record);
            if (!byId.containsKey(message.id())) {
                Span span = tracing.startConsumer(consumer, record, message);
                byId.put(message.id(), new Traced(tracing.within(span, message), span, record));
            }
        }
        try {
            transactions.executeWithoutResult(status -> {
                Set<UUID> fresh = inbox.claim(consumer, byId.keySet());
                List<Traced> toApply = new ArrayList<>(fresh.size());
                for (Traced traced : byId.values()) {
                    boolean isFresh = fresh.contains(traced.message().id());
                    if (isFresh) {
                        toApply.add(traced);
                    }
                    if (log.isDebugEnabled()) {
                        tracing.inScope(traced.span(), () -> log.debug("{} {} {} {} from {}-{}@{}", consumer, isFresh ? "applying" : "skipping duplicate",
                                traced.message().type(), traced.message().id(), traced.record().topic(), traced.record().partition(), traced.record().offset()));
                    }
                }
                duplicates.increment(records.size() - toApply.size());
                if (!toApply.isEmpty()) {
                    handler.accept(toApply);
                }
            });
        } catch (RuntimeException failure) {
            byId.values().forEach(traced -> traced.span().error(failure));
            throw failure;
        } finally {
            byId.values().forEach(traced -> traced.span().end());
        }
    }

    private void logPassedOver(String consumer, ConsumerRecord<String, byte[]> record) {
        InboundMessage<?> message;
        try {
            message = codec.decode(record);
        } catch (MessageDecodingException unreadable) {
            return; // not needed here, so not dead-lettered here either
        }
        Span span = tracing.startConsumer(consumer, record, message);
        tracing.inScope(span, () -> log.debug("{} passing over {} {} from {}-{}@{}", consumer, message.type(), message.id(),
                record.topic(), record.partition(), record.offset()));
        span.end();
    }

    private static BatchListenerFailedException failed(RuntimeException cause, ConsumerRecord<String, byte[]> record) {
        return new BatchListenerFailedException("Could not apply %s-%d@%d: %s".formatted(record.topic(), record.partition(), record.offset(), cause),
                cause, record);
    }

    /** A message in its consumer span. */
    private record Traced(InboundMessage<?> message, Span span, ConsumerRecord<String, byte[]> record) {
    }

    /** Applies a batch of new messages (duplicates already removed) inside the consumer's transaction. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<InboundMessage<?>> messages);
    }

    /** Applies one new message inside the consumer's transaction. */
    @FunctionalInterface
    public interface MessageHandler {
        void handle(InboundMessage<?> message);
    }
}
