package io.crowdfund.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/** The relay's SQL. Every method runs in the caller's transaction. */
class OutboxStore {

    /** Advisory lock key ("outbox" in ASCII): one relay publishes at a time per service database. */
    static final long RELAY_LOCK = 0x6f7574626f78L;

    private final JdbcTemplate jdbc;

    OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the relay lock until the transaction ends and, if it was free, the oldest unsent rows
     * out of the outbox, in id order: one round trip ({@code messaging.take_outbox_batch}). The rows
     * are gone only if the caller's transaction commits, which it does once Kafka has acknowledged
     * them; a failed publish rolls the delete back. Empty if another relay holds the lock.
     */
    Optional<List<OutboxRow>> lockAndTakeBatch(int limit) {
        List<OutboxRow> rows = new ArrayList<>();
        boolean locked = Boolean.TRUE.equals(jdbc.query("select * from messaging.take_outbox_batch(?, ?)", rs -> {
            boolean held = true;
            while (rs.next()) {
                held = rs.getBoolean("locked");
                if (held) {
                    rows.add(new OutboxRow(rs.getLong("row_id"), rs.getObject("message_id", UUID.class), rs.getString("topic"),
                            rs.getString("message_key"), rs.getString("message_type"), rs.getString("payload"),
                            rs.getObject("correlation_id", UUID.class), rs.getObject("causation_id", UUID.class),
                            rs.getString("trace_parent"), rs.getTimestamp("created_at").toInstant()));
                }
            }
            return held;
        }, RELAY_LOCK, limit));
        if (!locked) {
            return Optional.empty();
        }
        rows.sort(Comparator.comparingLong(OutboxRow::id)); // returning keeps no order
        return Optional.of(rows);
    }

    /**
     * Moves a row Kafka refused for good into {@code messaging.parked_messages}, in the caller's
     * transaction: the one that took it out of the outbox.
     */
    void park(OutboxRow row, String error) {
        jdbc.update("""
                insert into messaging.parked_messages (id, message_id, topic, message_key, message_type, payload, payload_bytes,
                    correlation_id, causation_id, trace_parent, created_at, error)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.id(), row.messageId(), row.topic(), row.key(), row.type(), row.payload(),
                row.payload().getBytes(StandardCharsets.UTF_8).length, row.correlationId(), row.causationId(), row.traceParent(),
                Timestamp.from(row.createdAt()), error);
    }

    long backlog() {
        Long count = jdbc.queryForObject("select count(*) from messaging.outbox", Long.class);
        return count == null ? 0 : count;
    }

    record OutboxRow(long id, UUID messageId, String topic, String key, String type, String payload,
            UUID correlationId, UUID causationId, String traceParent, Instant createdAt) {
    }
}
