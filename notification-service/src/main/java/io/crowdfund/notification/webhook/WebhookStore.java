package io.crowdfund.notification.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.notification.webhook.Webhooks.Webhook;

/** Owners' webhook endpoints in PostgreSQL; what is read of an endpoint is never its secret. */
@Repository
class WebhookStore {

    private static final String COLUMNS = "id, owner_id, url, events, created_at, failing_since, disabled_at";

    private final JdbcClient sql;

    WebhookStore(JdbcClient sql) {
        this.sql = sql;
    }

    void insert(Webhook webhook, SigningSecrets.Sealed secret) {
        sql.sql("insert into webhooks (id, owner_id, url, events, secret_ciphertext, secret_key_id, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(webhook.id(), webhook.ownerId(), webhook.url(), String.join(",", webhook.events()), secret.ciphertext(), secret.keyId(),
                        Timestamp.from(webhook.createdAt()))
                .update();
    }

    /** Takes a lock on the owner's endpoints until the transaction ends. */
    void lockOwner(UUID ownerId) {
        sql.sql("select 1 from (select pg_advisory_xact_lock(hashtextextended('webhooks:' || ?, 0))) locked").param(ownerId.toString())
                .query(Integer.class).single();
    }

    long count(UUID ownerId) {
        return sql.sql("select count(*) from webhooks where owner_id = ?").param(ownerId).query(Long.class).single();
    }

    List<Webhook> newestFirst(UUID ownerId, int limit, long offset) {
        return sql.sql("select " + COLUMNS + " from webhooks where owner_id = ? order by created_at desc limit ? offset ?")
                .params(ownerId, limit, offset).query(WebhookStore::webhook).list();
    }

    Optional<Webhook> find(UUID ownerId, UUID id) {
        return sql.sql("select " + COLUMNS + " from webhooks where id = ? and owner_id = ?").params(id, ownerId).query(WebhookStore::webhook).optional();
    }

    void delete(UUID id) {
        sql.sql("delete from webhooks where id = ?").param(id).update();
    }

    /** Clears the endpoint's disabled mark and failing streak. */
    void enable(UUID id) {
        sql.sql("update webhooks set disabled_at = null, failing_since = null where id = ?").param(id).update();
    }

    /** An endpoint's signing secret as stored: in plaintext (rows from before encryption) or sealed under a key. */
    record StoredSecret(UUID id, @Nullable String secret, byte @Nullable [] ciphertext, @Nullable Integer keyId) {
    }

    /**
     * Claims, for the caller's transaction, up to {@code limit} secrets in plaintext or under one of the
     * given keys, after the given endpoint id; rows another transaction holds are skipped.
     */
    List<StoredSecret> claimSecrets(Collection<Integer> keyIds, @Nullable UUID after, int limit) {
        return sql.sql("""
                select id, secret, secret_ciphertext, secret_key_id from webhooks
                where (secret_key_id is null or secret_key_id = any(?::int[])) and (?::uuid is null or id > ?)
                order by id limit ? for update skip locked""")
                .params(keyIdArray(keyIds), after, after, limit)
                .query((rs, n) -> new StoredSecret(rs.getObject("id", UUID.class), rs.getString("secret"), rs.getBytes("secret_ciphertext"),
                        (Integer) rs.getObject("secret_key_id")))
                .list();
    }

    /** Replaces the endpoint's secret by the sealed one. */
    void seal(UUID id, SigningSecrets.Sealed secret) {
        sql.sql("update webhooks set secret = null, secret_ciphertext = ?, secret_key_id = ? where id = ?")
                .params(secret.ciphertext(), secret.keyId(), id).update();
    }

    /** The keys as a PostgreSQL array literal: {@code {1,2}}. */
    private static String keyIdArray(Collection<Integer> keyIds) {
        return "{" + String.join(",", keyIds.stream().map(String::valueOf).toList()) + "}";
    }

    private static Webhook webhook(ResultSet rs, int n) throws SQLException {
        return new Webhook(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class), rs.getString("url"),
                List.of(rs.getString("events").split(",")), null, rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("failing_since")), instant(rs.getTimestamp("disabled_at")));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
