package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies a polled batch of records in one transaction together with their ids in the inbox, so a
 * redelivered message has no second effect. When a batch fails, its records are applied one by
 * one to find the failing record; those before it commit, and the failing one is handed to the
 * container's error handler (bounded retries, then the dead-letter topic) without holding back
 * the rest of the partition.
 */
public class IdempotentConsumer {

    private final MessageCodec codec;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final Counter duplicates;
    private final Counter skipped;

    IdempotentConsumer(MessageCodec codec, Inbox inbox, TransactionTemplate transactions, MeterRegistry meters) {
        this.codec = codec;
        this.inbox = inbox;
        this.transactions = transactions;
        this.duplicates = Counter.builder("inbox.duplicates").description("Redelivered messages skipped").register(meters);
        this.skipped = Counter.builder("inbox.unwanted").description("Messages of types the listener does not need, passed over").register(meters);
    }

    /** Applies the records' new messages with one call of the handler, in one transaction. */
    public void processBatch(String consumer, List<ConsumerRecord<String, byte[]>> records, BatchHandler handler) {
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

    /** Applies the records' new messages one handler call each, in one transaction; each is the cause of what its handler sends. */
    public void processEach(String consumer, List<ConsumerRecord<String, byte[]>> records, MessageHandler handler) {
        processBatch(consumer, records, messages -> messages.forEach(message -> MessageContext.causedBy(message, () -> handler.handle(message))));
    }

    /**
     * Like {@link #processEach(String, List, MessageHandler)} for a listener that needs only some
     * message types of its topics: records of other types are passed over before any transaction or
     * inbox row (ignoring a message is idempotent by itself). A record without a type header still
     * goes through, to be dead-lettered as unreadable.
     */
    public void processEach(String consumer, List<ConsumerRecord<String, byte[]>> records, Set<Class<?>> wanted, MessageHandler handler) {
        Set<String> names = new HashSet<>();
        wanted.forEach(type -> names.add(type.getSimpleName()));
        List<ConsumerRecord<String, byte[]>> relevant = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Header type = record.headers().lastHeader(MessageHeaders.MESSAGE_TYPE);
            if (type == null || names.contains(new String(type.value(), StandardCharsets.UTF_8))) {
                relevant.add(record);
            }
        }
        skipped.increment(records.size() - relevant.size());
        processEach(consumer, relevant, handler);
    }

    private void apply(String consumer, List<ConsumerRecord<String, byte[]>> records, BatchHandler handler) {
        transactions.executeWithoutResult(status -> {
            Map<UUID, InboundMessage<?>> byId = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                InboundMessage<?> message = codec.decode(record);
                byId.putIfAbsent(message.id(), message);
            }
            Set<UUID> fresh = inbox.claim(consumer, byId.keySet());
            List<InboundMessage<?>> toApply = new ArrayList<>(fresh.size());
            byId.values().stream().filter(message -> fresh.contains(message.id())).forEach(toApply::add);
            duplicates.increment(records.size() - toApply.size());
            if (!toApply.isEmpty()) {
                handler.handle(toApply);
            }
        });
    }

    private static BatchListenerFailedException failed(RuntimeException cause, ConsumerRecord<String, byte[]> record) {
        return new BatchListenerFailedException("Could not apply %s-%d@%d: %s".formatted(record.topic(), record.partition(), record.offset(), cause),
                cause, record);
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
