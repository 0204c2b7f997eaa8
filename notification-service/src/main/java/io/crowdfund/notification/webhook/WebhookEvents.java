package io.crowdfund.notification.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import io.crowdfund.messaging.Ids;

/**
 * Turns an event about an owner's campaign into one delivery row per subscribed endpoint, in the
 * caller's transaction (the consumer's, which also records the event as processed): nothing is lost
 * between Kafka and the queue, and a redelivered event adds nothing (one row per endpoint and event).
 */
@Component
public class WebhookEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient sql;

    WebhookEvents(JdbcClient sql) {
        this.sql = sql;
    }

    /** Queues the event for every endpoint of the owner that subscribed to its type, and records it in the owner's feed. */
    public void publish(UUID ownerId, UUID eventId, EventType type, Map<String, Object> data, String summary, Instant at) {
        List<UUID> endpoints = sql.sql("select id from webhooks where owner_id = ? and disabled_at is null and (',' || events || ',') like ?")
                .params(ownerId, "%," + type.wireName() + ",%").query(UUID.class).list();
        endpoints.forEach(endpoint -> deliver(endpoint, eventId, type, data, at));
        sql.sql("insert into notifications (id, owner_id, event_type, summary, created_at) values (?, ?, ?, ?, ?)")
                .params(Ids.next(), ownerId, type.wireName(), summary, Timestamp.from(at)).update();
    }

    void deliver(UUID webhookId, UUID eventId, EventType type, Map<String, Object> data, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", webhookIdOf(eventId));
        body.put("type", type.wireName());
        body.put("timestamp", at.toString());
        body.put("data", data);
        sql.sql("""
                insert into webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at)
                values (?, ?, ?, ?, ?, 'PENDING', now()) on conflict (webhook_id, event_id) do nothing""")
                .params(Ids.next(), webhookId, eventId, type.wireName(), JSON.writeValueAsString(body)).update();
    }

    /** The webhook-id of an event: the same for every attempt and endpoint. */
    static String webhookIdOf(UUID eventId) {
        return "msg_" + eventId.toString().replace("-", "");
    }
}
