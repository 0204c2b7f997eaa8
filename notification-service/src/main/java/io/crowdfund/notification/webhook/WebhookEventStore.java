package io.crowdfund.notification.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.notification.Attempts;

/** What an event leaves in PostgreSQL: the endpoints it goes to, one queued delivery per endpoint, and the owner's feed entry. */
@Repository
class WebhookEventStore {

    private static final String INSERT_DELIVERY = """
            insert into webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at)
            values (?, ?, ?, ?, ?, ?, now()) on conflict (webhook_id, event_id) do nothing""";
    private static final String INSERT_NOTIFICATION = "insert into notifications (id, owner_id, event_type, summary, created_at) values (?, ?, ?, ?, ?)";

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;

    WebhookEventStore(JdbcClient sql, JdbcTemplate jdbc) {
        this.sql = sql;
        this.jdbc = jdbc;
    }

    /** An enabled endpoint and the event types it subscribed to. */
    record Endpoint(UUID id, UUID ownerId, Set<String> events) {
    }

    /** A delivery to queue, due now; a second one for the same endpoint and event is ignored. */
    record QueuedDelivery(UUID id, UUID webhookId, UUID eventId, String eventType, String payload) {
    }

    /** An entry of the owner's feed. */
    record FeedEntry(UUID id, UUID ownerId, String eventType, String summary, Instant createdAt) {
    }

    List<Endpoint> enabledEndpoints(Set<UUID> ownerIds) {
        return sql.sql("select id, owner_id, events from webhooks where owner_id in (:owners) and disabled_at is null")
                .param("owners", ownerIds)
                .query((rs, n) -> new Endpoint(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                        Set.copyOf(Arrays.asList(rs.getString("events").split(",")))))
                .list();
    }

    /** One batched statement, in the caller's transaction. */
    void queue(List<QueuedDelivery> deliveries) {
        jdbc.batchUpdate(INSERT_DELIVERY, deliveries.stream().map(d -> new Object[] {d.id(), d.webhookId(), d.eventId(), d.eventType(),
                d.payload(), Attempts.State.PENDING.name()}).toList());
    }

    /** One batched statement, in the caller's transaction. */
    void record(List<FeedEntry> entries) {
        jdbc.batchUpdate(INSERT_NOTIFICATION, entries.stream().map(e -> new Object[] {e.id(), e.ownerId(), e.eventType(), e.summary(),
                Timestamp.from(e.createdAt())}).toList());
    }
}
