package io.crowdfund.notification.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.crowdfund.messaging.Ids;
import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.web.Caller;
import io.crowdfund.web.InvalidField;
import io.swagger.v3.oas.annotations.media.Schema;

/** Owners' webhook endpoints and their deliveries; only an endpoint's owner sees or changes it (404 for anyone else). */
@Service
public class Webhooks {

    private final WebhookStore store;
    private final Deliveries deliveries;
    private final TargetPolicy targets;
    private final WebhookEvents events;
    private final EndpointBreakers breakers;
    private final SigningSecrets secrets;
    private final Clock clock;
    private final int maxPerOwner;

    Webhooks(WebhookStore store, Deliveries deliveries, TargetPolicy targets, WebhookEvents events, EndpointBreakers breakers,
            SigningSecrets secrets, Clock clock, NotificationProperties properties) {
        this.store = store;
        this.deliveries = deliveries;
        this.maxPerOwner = properties.webhooks().maxPerOwner();
        this.targets = targets;
        this.events = events;
        this.breakers = breakers;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** An endpoint; its signing secret only as it is created (it is stored encrypted and never shown again). */
    public record Webhook(UUID id, UUID ownerId, String url, List<String> events, @Nullable String secret, Instant createdAt,
            @Nullable Instant failingSince, @Nullable Instant disabledAt) {
    }

    @Schema(name = "WebhookDelivery")
    public record Delivery(UUID id, UUID eventId, String eventType,
            @Schema(allowableValues = {"PENDING", "SUCCEEDED", "FAILED", "DEAD"}) String status, int attempts,
            @Schema(description = "the endpoint's last HTTP status; null before an answer") @Nullable Integer lastResponseStatus,
            @Nullable String lastError, Instant nextAttemptAt) {
    }

    @Transactional
    public Webhook create(Caller owner, String url, List<String> eventTypes) {
        String target = targets.check(url).toString();
        List<String> subscribed = eventTypes == null || eventTypes.isEmpty()
                ? Arrays.stream(EventType.values()).map(EventType::wireName).toList() : eventTypes.stream().distinct().toList();
        for (String type : subscribed) {
            if (EventType.of(type).isEmpty()) {
                throw new InvalidField("events", "'" + type + "' is not an event type (" + Arrays.stream(EventType.values())
                        .map(EventType::wireName).toList() + ")");
            }
        }
        requireRoomFor(owner);
        var webhook = new Webhook(Ids.next(), owner.id(), target, subscribed, Signatures.newSecret(), clock.instant(), null, null);
        var sealed = secrets.seal(webhook.id(), webhook.secret());
        store.insert(webhook, sealed);
        return webhook;
    }

    /**
     * An owner has at most {@code maxPerOwner} endpoints. The count is taken under a transaction-scoped
     * lock on the owner, so two registrations at once cannot both take the last place.
     */
    private void requireRoomFor(Caller owner) {
        store.lockOwner(owner.id());
        long endpoints = store.count(owner.id());
        if (endpoints >= maxPerOwner) {
            throw new InvalidField("url", "you have " + endpoints + " endpoints, the most one user may have; delete one first");
        }
    }

    public Page<Webhook> list(Caller owner, Pageable page) {
        long total = store.count(owner.id());
        List<Webhook> content = store.newestFirst(owner.id(), page.getPageSize(), page.getOffset());
        return new PageImpl<>(content, page, total);
    }

    public Webhook get(Caller owner, UUID id) {
        return store.find(owner.id(), id).orElseThrow(() -> new NotYours("webhook " + id));
    }

    @Transactional
    public void delete(Caller owner, UUID id) {
        get(owner, id);
        store.delete(id);
        breakers.forget(id);
    }

    /** Lets a disabled endpoint receive events again, with a fresh circuit and no failing streak. */
    @Transactional
    public Webhook enable(Caller owner, UUID id) {
        get(owner, id);
        store.enable(id);
        breakers.forget(id);
        return get(owner, id);
    }

    public Page<Delivery> deliveries(Caller owner, UUID webhookId, Pageable page) {
        get(owner, webhookId);
        return deliveries.page(webhookId, page);
    }

    /** Sends the delivery again from the start of the schedule, keeping its webhook-id. */
    @Transactional
    public void redeliver(Caller owner, UUID webhookId, UUID deliveryId) {
        enabled(owner, webhookId);
        if (!deliveries.restart(webhookId, deliveryId)) {
            throw new NotYours("delivery " + deliveryId);
        }
    }

    /** Queues a {@code ping} event to the endpoint. */
    @Transactional
    public UUID ping(Caller owner, UUID webhookId) {
        enabled(owner, webhookId);
        UUID eventId = Ids.next();
        events.deliver(webhookId, eventId, EventType.PING, Map.of("webhookId", webhookId.toString()), clock.instant());
        return eventId;
    }

    private void enabled(Caller owner, UUID webhookId) {
        if (get(owner, webhookId).disabledAt() != null) {
            throw new EndpointDisabled(webhookId);
        }
    }
}
