package io.crowdfund.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/** The relay's SQL. Every method runs in the caller's transaction. */
class OutboxStore {

    /** Advisory lock key ("outbox" in ASCII): one relay publishes at a time per service database. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;

    private final JdbcTemplate jdbc;

    OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Takes the relay lock until the transaction ends; false if another relay holds it. In the same
     * round trip it turns sequential scans off for this transaction: the outbox's statistics often
     * say "a few rows", and a sequential scan then reads every page a past backlog left behind,
     * while the primary key leads straight to the oldest unsent rows.
     */
    boolean tryLock() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?) and set_config('enable_seqscan', 'off', true) = 'off'",
                Boolean.class, RELAY_LOCK));
    }

    /**
     * Takes the oldest unsent rows out of the outbox, in id order: one statement reads and deletes
     * them. They are gone only if the caller's transaction commits, which it does once Kafka has
     * acknowledged them; a failed publish rolls the delete back.
     */
    List<OutboxRow> takeBatch(int limit) {
        List<OutboxRow> rows = new ArrayList<>(jdbc.query("""
                delete from messaging.outbox where id in (select id from messaging.outbox order by id limit ?)
                returning id, message_id, topic, message_key, message_type, payload, correlation_id, causation_id, trace_parent, created_at""",
                (rs, n) -> new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, UUID.class), rs.getObject(8, UUID.class),
                        rs.getString(9), rs.getTimestamp(10).toInstant()),
                limit));
        rows.sort(Comparator.comparingLong(OutboxRow::id)); // returning keeps no order
        return rows;
    }

    long backlog() {
        Long count = jdbc.queryForObject("select count(*) from messaging.outbox", Long.class);
        return count == null ? 0 : count;
    }

    record OutboxRow(long id, UUID messageId, String topic, String key, String type, String payload,
            UUID correlationId, UUID causationId, String traceParent, Instant createdAt) {
    }
}
