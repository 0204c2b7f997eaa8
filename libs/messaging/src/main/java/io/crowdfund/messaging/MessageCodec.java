package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;

/**
 * JSON for message records: ISO-8601 dates, exact decimals, unknown fields ignored and absent
 * primitives defaulted, so that a producer may add fields before its consumers know them.
 */
public final class MessageCodec {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final MessageTypes types;

    public MessageCodec(MessageTypes types) {
        this.types = types;
    }

    String encode(Object message) {
        return json.writeValueAsString(message);
    }

    /** Decodes a consumed record, or throws {@link MessageDecodingException} if it never can be. */
    public InboundMessage<?> decode(ConsumerRecord<String, byte[]> record) {
        String type = header(record, MessageHeaders.MESSAGE_TYPE);
        UUID id = uuid(record, MessageHeaders.MESSAGE_ID);
        if (type == null || id == null) {
            throw poison(record, "lacks the " + MessageHeaders.MESSAGE_ID + " or " + MessageHeaders.MESSAGE_TYPE + " header", null);
        }
        Class<?> contract = types.find(type).orElseThrow(() -> poison(record, "has the unknown type " + type, null));
        Object payload;
        try {
            payload = json.readValue(record.value(), contract);
        } catch (JacksonException | IllegalArgumentException e) {
            throw poison(record, "is not a readable " + type, e);
        }
        if (payload == null) {
            throw poison(record, "has no payload", null);
        }
        UUID correlationId = uuid(record, MessageHeaders.CORRELATION_ID);
        return new InboundMessage<>(id, type, record.key(), correlationId != null ? correlationId : id,
                uuid(record, MessageHeaders.CAUSATION_ID), header(record, MessageHeaders.TRACE_PARENT), payload);
    }

    /**
     * The records' messages, skipping those that cannot be read: for listeners that only observe a
     * topic (live streams, waiters), while the consumer that applies it dead-letters the unreadable.
     */
    public List<InboundMessage<?>> decodeReadable(List<ConsumerRecord<String, byte[]>> records) {
        List<InboundMessage<?>> messages = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                messages.add(decode(record));
            } catch (MessageDecodingException unreadable) {
                // not this listener's to dead-letter
            }
        }
        return messages;
    }

    private static MessageDecodingException poison(ConsumerRecord<?, ?> record, String why, Throwable cause) {
        return new MessageDecodingException("Record %s-%d@%d %s".formatted(record.topic(), record.partition(), record.offset(), why), cause);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static UUID uuid(ConsumerRecord<?, ?> record, String name) {
        String value = header(record, name);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw poison(record, "has a malformed " + name + " header", e);
        }
    }
}
