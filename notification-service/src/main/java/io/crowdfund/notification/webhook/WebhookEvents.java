package io.crowdfund.notification.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import io.crowdfund.messaging.Ids;
import io.crowdfund.notification.Attempts;

/**
 * Turns an event about an owner's campaign into one delivery row per subscribed endpoint, in the
 * caller's transaction (the consumer's, which also records the event as processed): nothing is lost
 * between Kafka and the queue, and a redelivered event adds nothing (one row per endpoint and event).
 * A consumed batch of events is published together: each owner's endpoints are read once, and the
 * feed and delivery rows go in one batched statement per table.
 */
@Component
public class WebhookEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INSERT_DELIVERY = """
            insert into webhook_deliveries (id, webhook_id, event_id, event_type, payload, status, next_attempt_at)
            values (?, ?, ?, ?, ?, ?, now()) on conflict (webhook_id, event_id) do nothing""";
    private static final String INSERT_NOTIFICATION = "insert into notifications (id, owner_id, event_type, summary, created_at) values (?, ?, ?, ?, ?)";

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;

    WebhookEvents(JdbcClient sql, JdbcTemplate jdbc) {
        this.sql = sql;
        this.jdbc = jdbc;
    }

    /** Starts publishing a batch of events about the given owners' campaigns; {@link #write} writes it. */
    public Publication publication(Collection<UUID> ownerIds) {
        Set<UUID> owners = Set.copyOf(ownerIds);
        Map<UUID, List<Endpoint>> endpoints = new HashMap<>();
        if (!owners.isEmpty()) {
            sql.sql("select id, owner_id, events from webhooks where owner_id in (:owners) and disabled_at is null")
                    .param("owners", owners)
                    .query((rs, n) -> new Endpoint(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                            Set.copyOf(Arrays.asList(rs.getString("events").split(",")))))
                    .list()
                    .forEach(endpoint -> endpoints.computeIfAbsent(endpoint.ownerId(), owner -> new ArrayList<>()).add(endpoint));
        }
        return new Publication(owners, endpoints);
    }

    /** Writes what was published, in the caller's transaction. */
    public void write(Publication publication) {
        if (!publication.deliveries.isEmpty()) {
            jdbc.batchUpdate(INSERT_DELIVERY, publication.deliveries);
        }
        if (!publication.notifications.isEmpty()) {
            jdbc.batchUpdate(INSERT_NOTIFICATION, publication.notifications);
        }
        publication.deliveries.clear();
        publication.notifications.clear();
    }

    /** Queues one event for one endpoint now (a ping), whatever it subscribed to. */
    void deliver(UUID webhookId, UUID eventId, EventType type, Map<String, Object> data, Instant at) {
        jdbc.update(INSERT_DELIVERY, delivery(webhookId, eventId, type, data, at));
    }

    private static Object[] delivery(UUID webhookId, UUID eventId, EventType type, Map<String, Object> data, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", webhookIdOf(eventId));
        body.put("type", type.wireName());
        body.put("timestamp", at.toString());
        body.put("data", data);
        return new Object[] {Ids.next(), webhookId, eventId, type.wireName(), JSON.writeValueAsString(body), Attempts.State.PENDING.name()};
    }

    /** The webhook-id of an event: the same for every attempt and endpoint. */
    static String webhookIdOf(UUID eventId) {
        return "msg_" + eventId.toString().replace("-", "");
    }

    private record Endpoint(UUID id, UUID ownerId, Set<String> events) {
    }

    /** The events of one batch, with the endpoints of the owners they are about. */
    public static final class Publication {

        private final Set<UUID> owners;
        private final Map<UUID, List<Endpoint>> endpoints;
        private final List<Object[]> deliveries = new ArrayList<>();
        private final List<Object[]> notifications = new ArrayList<>();

        private Publication(Set<UUID> owners, Map<UUID, List<Endpoint>> endpoints) {
            this.owners = owners;
            this.endpoints = endpoints;
        }

        /** Queues the event for every endpoint of the owner that subscribed to its type, and records it in the owner's feed. */
        public void publish(UUID ownerId, UUID eventId, EventType type, Map<String, Object> data, String summary, Instant at) {
            if (!owners.contains(ownerId)) {
                throw new IllegalArgumentException("Owner " + ownerId + " was not named when the publication started");
            }
            for (Endpoint endpoint : endpoints.getOrDefault(ownerId, List.of())) {
                if (endpoint.events().contains(type.wireName())) {
                    deliveries.add(delivery(endpoint.id(), eventId, type, data, at));
                }
            }
            notifications.add(new Object[] {Ids.next(), ownerId, type.wireName(), summary, Timestamp.from(at)});
        }
    }
}
