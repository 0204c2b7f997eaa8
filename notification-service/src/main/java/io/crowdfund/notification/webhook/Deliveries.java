package io.crowdfund.notification.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.notification.Attempts;

/**
 * Webhook deliveries in PostgreSQL, and the failing streak of their endpoints. A delivery's
 * {@link Attempts.State} is its {@code status} column, by name.
 */
@Repository
class Deliveries {

    /** The due states as SQL literals, written into the statements so that the partial index {@code webhook_deliveries_due} serves them. */
    private static final String DUE = Attempts.State.DUE.stream().map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));

    private final JdbcClient sql;

    Deliveries(JdbcClient sql) {
        this.sql = sql;
    }

    /** A claimed delivery with its endpoint; the endpoint's secret as stored: sealed, or in plaintext until it is encrypted ({@link SecretReencryption}). */
    record Claimed(UUID id, UUID eventId, String payload, Attempts attempts, UUID webhookId, UUID ownerId, String url,
            @Nullable String plainSecret, byte @Nullable [] sealedSecret, @Nullable Integer secretKeyId, boolean endpointFailing) {
    }

    /** Claims due deliveries of enabled endpoints until {@code lease}, skipping those another replica holds. */
    List<Claimed> claim(int limit, Instant lease) {
        return sql.sql("""
                update webhook_deliveries d set next_attempt_at = :lease from (
                    select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id
                    where d.status in (%s) and d.next_attempt_at <= now() and w.disabled_at is null
                    order by d.next_attempt_at limit :limit for update of d skip locked) due, webhooks w
                where d.id = due.id and w.id = d.webhook_id
                returning d.id, d.event_id, d.payload, d.status, d.attempts, d.next_attempt_at, w.id as webhook_id, w.owner_id, w.url,
                          w.secret, w.secret_ciphertext, w.secret_key_id, w.failing_since is not null as endpoint_failing""".formatted(DUE))
                .param("lease", Timestamp.from(lease)).param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class), rs.getString("payload"),
                        attempts(rs), rs.getObject("webhook_id", UUID.class), rs.getObject("owner_id", UUID.class),
                        rs.getString("url"), rs.getString("secret"), rs.getBytes("secret_ciphertext"), (Integer) rs.getObject("secret_key_id"),
                        rs.getBoolean("endpoint_failing")))
                .list();
    }

    /** Records an attempt: where the delivery stands after it, the receiver's status (null if it did not answer) and why it failed. */
    void attempted(UUID id, Attempts attempts, @Nullable Integer responseStatus, @Nullable String error) {
        sql.sql("""
                update webhook_deliveries set status = ?, attempts = ?, last_response_status = ?, last_error = ?,
                next_attempt_at = ?, updated_at = now() where id = ?""")
                .params(attempts.state().name(), attempts.count(), responseStatus, error, Timestamp.from(attempts.nextAttemptAt()), id)
                .update();
    }

    /** Sends the delivery again from the start of the schedule; false if the endpoint has no such delivery. */
    boolean restart(UUID webhookId, UUID deliveryId) {
        return sql.sql("""
                update webhook_deliveries set status = ?, attempts = 0, next_attempt_at = now(), updated_at = now()
                where id = ? and webhook_id = ?""").params(Attempts.State.PENDING.name(), deliveryId, webhookId).update() == 1;
    }

    Page<Webhooks.Delivery> page(UUID webhookId, Pageable page) {
        long total = sql.sql("select count(*) from webhook_deliveries where webhook_id = ?").param(webhookId).query(Long.class).single();
        List<Webhooks.Delivery> content = sql.sql("""
                select id, event_id, event_type, status, attempts, last_response_status, last_error, next_attempt_at from webhook_deliveries
                where webhook_id = ? order by created_at desc, id limit ? offset ?""")
                .params(webhookId, page.getPageSize(), page.getOffset())
                .query((rs, n) -> new Webhooks.Delivery(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"),
                        (Integer) rs.getObject("last_response_status"), rs.getString("last_error"), rs.getTimestamp("next_attempt_at").toInstant()))
                .list();
        return new PageImpl<>(content, page, total);
    }

    /** The endpoint answered: its failing streak, if any, ends. */
    void endpointAnswered(UUID webhookId) {
        sql.sql("update webhooks set failing_since = null where id = ?").param(webhookId).update();
    }

    /** Starts or continues the endpoint's failing streak; when it started, or empty if the endpoint is disabled (or gone). */
    Optional<Instant> endpointFailed(UUID webhookId) {
        return sql.sql("""
                update webhooks set failing_since = coalesce(failing_since, now()) where id = ? and disabled_at is null
                returning failing_since""").param(webhookId).query(Timestamp.class).optional().map(Timestamp::toInstant);
    }

    /** Disables the endpoint and gives up on its due deliveries (they become DEAD); false if it was disabled already. */
    boolean disable(UUID webhookId) {
        if (sql.sql("update webhooks set disabled_at = now() where id = ? and disabled_at is null").param(webhookId).update() == 0) {
            return false;
        }
        sql.sql("""
                update webhook_deliveries set status = ?, last_error = 'endpoint disabled', updated_at = now()
                where webhook_id = ? and status in (%s)""".formatted(DUE)).params(Attempts.State.DEAD.name(), webhookId).update();
        return true;
    }

    private static Attempts attempts(ResultSet rs) throws SQLException {
        return new Attempts(Attempts.State.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant());
    }
}
