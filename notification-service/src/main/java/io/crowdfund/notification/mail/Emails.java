package io.crowdfund.notification.mail;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

import io.crowdfund.messaging.Ids;
import io.crowdfund.notification.Attempts;

/**
 * The queue of owners' emails. An email is written in the caller's transaction (the consumer's, with
 * the event marked processed) and sent later by {@link MailWorker}; its dedupe key makes a second
 * write of the same email a no-op. An email's {@link Attempts.State} is its {@code status} column by
 * name, except that one that succeeded is {@code SENT}.
 */
@Repository
class Emails {

    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The due states as SQL literals, written into the statement so that the partial index {@code emails_due} serves it. */
    private static final String DUE = Attempts.State.DUE.stream().map(state -> "'" + status(state) + "'").collect(Collectors.joining(", "));

    private final JdbcClient sql;

    Emails(JdbcClient sql) {
        this.sql = sql;
    }

    /** A claimed email as stored: its kind and model are read when it is prepared, so that a bad row fails alone. */
    record Claimed(UUID id, UUID ownerId, String kind, String model, Attempts attempts) {
    }

    void queue(UUID ownerId, MailKind kind, String dedupeKey, Map<String, Object> model) {
        sql.sql("""
                insert into emails (id, owner_id, kind, dedupe_key, model, status, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, now()) on conflict (dedupe_key) do nothing""")
                .params(Ids.next(), ownerId, kind.name(), dedupeKey, JSON.writeValueAsString(model), status(Attempts.State.PENDING)).update();
    }

    /** Claims due emails until {@code lease}, skipping those another replica holds. */
    List<Claimed> claim(int limit, Instant lease) {
        return sql.sql("""
                update emails e set next_attempt_at = :lease from (
                    select id from emails where status in (%s) and next_attempt_at <= now()
                    order by next_attempt_at limit :limit for update skip locked) due
                where e.id = due.id returning e.id, e.owner_id, e.kind, e.model, e.status, e.attempts, e.next_attempt_at""".formatted(DUE))
                .param("lease", Timestamp.from(lease)).param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class), rs.getString("kind"),
                        rs.getString("model"), new Attempts(state(rs.getString("status")), rs.getInt("attempts"),
                        rs.getTimestamp("next_attempt_at").toInstant())))
                .list();
    }

    /** Records an attempt: where the email stands after it, why it failed and the subject it was sent with (null: kept as it is). */
    void attempted(UUID id, Attempts attempts, @Nullable String error, @Nullable String subject) {
        sql.sql("""
                update emails set status = ?, attempts = ?, last_error = ?, subject = coalesce(?, subject), next_attempt_at = ?,
                sent_at = case when ? then now() end where id = ?""")
                .params(status(attempts.state()), attempts.count(), error, subject, Timestamp.from(attempts.nextAttemptAt()),
                        attempts.state() == Attempts.State.SUCCEEDED, id)
                .update();
    }

    /** The {@code status} column's value of a state. */
    static String status(Attempts.State state) {
        return state == Attempts.State.SUCCEEDED ? "SENT" : state.name();
    }

    private static Attempts.State state(String status) {
        return "SENT".equals(status) ? Attempts.State.SUCCEEDED : Attempts.State.valueOf(status);
    }
}
