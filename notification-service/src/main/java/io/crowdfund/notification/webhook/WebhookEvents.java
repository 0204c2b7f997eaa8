package io.crowdfund.notification.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import io.crowdfund.messaging.Ids;
import io.crowdfund.notification.webhook.WebhookEventStore.Endpoint;
import io.crowdfund.notification.webhook.WebhookEventStore.FeedEntry;
import io.crowdfund.notification.webhook.WebhookEventStore.QueuedDelivery;

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

    private final WebhookEventStore store;

    WebhookEvents(WebhookEventStore store) {
        this.store = store;
    }

    /** Starts publishing a batch of events about the given owners' campaigns; {@link #write} writes it. */
    public Publication publication(Collection<UUID> ownerIds) {
        Set<UUID> owners = Set.copyOf(ownerIds);
        Map<UUID, List<Endpoint>> endpoints = new HashMap<>();
        if (!owners.isEmpty()) {
            store.enabledEndpoints(owners).forEach(endpoint -> endpoints.computeIfAbsent(endpoint.ownerId(), owner -> new ArrayList<>()).add(endpoint));
        }
        return new Publication(owners, endpoints);
    }

    /** Writes what was published, in the caller's transaction. */
    public void write(Publication publication) {
        if (!publication.deliveries.isEmpty()) {
            store.queue(publication.deliveries);
        }
        if (!publication.notifications.isEmpty()) {
            store.record(publication.notifications);
        }
        publication.deliveries.clear();
        publication.notifications.clear();
    }

    /** Queues one event for one endpoint now (a ping), whatever it subscribed to. */
    void deliver(UUID webhookId, UUID eventId, EventType type, Map<String, Object> data, Instant at) {
        store.queue(List.of(delivery(webhookId, eventId, type, data, at)));
    }

    private static QueuedDelivery delivery(UUID webhookId, UUID eventId, EventType type, Map<String, Object> data, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", webhookIdOf(eventId));
        body.put("type", type.wireName());
        body.put("timestamp", at.toString());
        body.put("data", data);
        return new QueuedDelivery(Ids.next(), webhookId, eventId, type.wireName(), JSON.writeValueAsString(body));
    }

    /** The webhook-id of an event: the same for every attempt and endpoint. */
    static String webhookIdOf(UUID eventId) {
        return "msg_" + eventId.toString().replace("-", "");
    }

    /** The events of one batch, with the endpoints of the owners they are about. */
    public static final class Publication {

        private final Set<UUID> owners;
        private final Map<UUID, List<Endpoint>> endpoints;
        private final List<QueuedDelivery> deliveries = new ArrayList<>();
        private final List<FeedEntry> notifications = new ArrayList<>();

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
            notifications.add(new FeedEntry(Ids.next(), ownerId, type.wireName(), summary, at));
        }
    }
}
