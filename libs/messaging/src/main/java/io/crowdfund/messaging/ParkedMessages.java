package io.crowdfund.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What operators see of the messages the relay parked (never a whole payload, only its size and a
 * prefix), and what they do with one: send it again or delete it.
 */
class ParkedMessages {

    static final int PREFIX_CHARS = 200;

    private static final String SUMMARY = """
            select id, message_id, topic, message_key, message_type, payload_bytes, left(payload, %d) as payload_prefix,
                   error, created_at, parked_at
            from messaging.parked_messages""".formatted(PREFIX_CHARS);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Runnable wakeRelay;

    ParkedMessages(JdbcTemplate jdbc, TransactionTemplate transactions, Runnable wakeRelay) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.wakeRelay = wakeRelay;
    }

    long count() {
        Long count = jdbc.queryForObject("select count(*) from messaging.parked_messages", Long.class);
        return count == null ? 0 : count;
    }

    /** The newest parked messages, newest first. */
    List<ParkedMessage> newest(int limit) {
        return jdbc.query(SUMMARY + " order by parked_at desc, id desc limit ?", ParkedMessages::summary, limit);
    }

    /**
     * Puts the parked message back into the outbox and removes it from the parked ones, in one
     * transaction: the relay publishes it as a new row, behind what is in the outbox now, with its
     * message id, key, headers and payload (consumers that applied it already skip it). Recorded now,
     * so the relay's lag measures its time in the outbox, not the time it was parked. Empty if no
     * parked message has that id (another operator may have just sent or deleted it).
     */
    Optional<Resent> resend(long id) {
        Optional<Resent> resent = transactions.execute(status -> lock(id).map(parked -> {
            Long outboxId = jdbc.queryForObject("""
                    insert into messaging.outbox (message_id, topic, message_key, message_type, payload, correlation_id, causation_id, trace_parent)
                    select message_id, topic, message_key, message_type, payload, correlation_id, causation_id, trace_parent
                    from messaging.parked_messages where id = ?
                    returning id""", Long.class, id);
            jdbc.update("delete from messaging.parked_messages where id = ?", id);
            return new Resent(outboxId, parked);
        }));
        if (resent != null && resent.isPresent()) {
            wakeRelay.run();
        }
        return resent == null ? Optional.empty() : resent;
    }

    /** Deletes the parked message for good; empty if no parked message has that id. */
    Optional<ParkedMessage> delete(long id) {
        Optional<ParkedMessage> deleted = transactions.execute(status -> lock(id).map(parked -> {
            jdbc.update("delete from messaging.parked_messages where id = ?", id);
            return parked;
        }));
        return deleted == null ? Optional.empty() : deleted;
    }

    private Optional<ParkedMessage> lock(long id) {
        return jdbc.query(SUMMARY + " where id = ? for update", ParkedMessages::summary, id).stream().findFirst();
    }

    private static ParkedMessage summary(ResultSet rs, int n) throws SQLException {
        return new ParkedMessage(rs.getLong("id"), rs.getObject("message_id", UUID.class), rs.getString("topic"), rs.getString("message_key"),
                rs.getString("message_type"), rs.getInt("payload_bytes"), rs.getString("payload_prefix"), rs.getString("error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("parked_at").toInstant());
    }

    /**
     * A parked message as operators see it.
     *
     * @param outboxId its id in the outbox (its place in the order it was recorded in); how operators name it
     * @param payloadBytes the payload's size in UTF-8
     * @param payloadPrefix the payload's first characters
     * @param error why Kafka refused it
     * @param createdAt when it was recorded in the outbox
     * @param parkedAt when the relay parked it
     */
    public record ParkedMessage(long outboxId, UUID messageId, String topic, String key, String type, int payloadBytes,
            String payloadPrefix, String error, Instant createdAt, Instant parkedAt) {
    }

    /**
     * A parked message put back into the outbox.
     *
     * @param outboxId its new id in the outbox
     * @param message the parked message it was
     */
    public record Resent(long outboxId, ParkedMessage message) {
    }
}
