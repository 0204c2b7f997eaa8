package io.crowdfund.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/** What operators see of the messages the relay parked: never a whole payload, only its size and a prefix. */
class ParkedMessages {

    static final int PREFIX_CHARS = 200;

    private final JdbcTemplate jdbc;

    ParkedMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    long count() {
        Long count = jdbc.queryForObject("select count(*) from messaging.parked_messages", Long.class);
        return count == null ? 0 : count;
    }

    /** The newest parked messages, newest first. */
    List<ParkedMessage> newest(int limit) {
        return jdbc.query("""
                select id, message_id, topic, message_key, message_type, payload_bytes, left(payload, ?) as payload_prefix,
                       error, created_at, parked_at
                from messaging.parked_messages order by parked_at desc, id desc limit ?""",
                (rs, n) -> new ParkedMessage(rs.getLong("id"), rs.getObject("message_id", UUID.class), rs.getString("topic"),
                        rs.getString("message_key"), rs.getString("message_type"), rs.getInt("payload_bytes"), rs.getString("payload_prefix"),
                        rs.getString("error"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("parked_at").toInstant()),
                PREFIX_CHARS, limit);
    }

    /**
     * A parked message as operators see it.
     *
     * @param outboxId its id in the outbox (its place in the order it was recorded in)
     * @param payloadBytes the payload's size in UTF-8
     * @param payloadPrefix the payload's first characters
     * @param error why Kafka refused it
     * @param createdAt when it was recorded in the outbox
     * @param parkedAt when the relay parked it
     */
    public record ParkedMessage(long outboxId, UUID messageId, String topic, String key, String type, int payloadBytes,
            String payloadPrefix, String error, Instant createdAt, Instant parkedAt) {
    }
}
