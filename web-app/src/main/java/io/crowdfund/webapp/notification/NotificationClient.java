package io.crowdfund.webapp.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.DeleteExchange;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.service.annotation.PutExchange;

import io.crowdfund.webapp.services.Paged;

/** notification-service's public API: webhooks, deliveries, preferences, the feed. */
@HttpExchange
interface NotificationClient {

    @PostExchange("/webhooks")
    Webhook create(@RequestBody NewWebhook webhook);

    @GetExchange("/webhooks")
    Paged<Webhook> webhooks(@RequestParam int page, @RequestParam int size);

    @GetExchange("/webhooks/{id}")
    Webhook webhook(@PathVariable UUID id);

    @DeleteExchange("/webhooks/{id}")
    void delete(@PathVariable UUID id);

    @PostExchange("/webhooks/{id}/enable")
    Webhook enable(@PathVariable UUID id);

    @PostExchange("/webhooks/{id}/ping")
    void ping(@PathVariable UUID id);

    @GetExchange("/webhooks/{id}/deliveries")
    Paged<Delivery> deliveries(@PathVariable UUID id, @RequestParam int page, @RequestParam int size);

    @PostExchange("/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    void redeliver(@PathVariable UUID id, @PathVariable UUID deliveryId);

    @GetExchange("/notifications/preferences")
    Preferences preferences();

    @PutExchange("/notifications/preferences")
    Preferences choose(@RequestBody Preferences preferences);

    @GetExchange("/notifications")
    Paged<Notification> notifications(@RequestParam int page, @RequestParam int size);

    record NewWebhook(String url, List<String> events) {
    }

    record Webhook(UUID id, String url, List<String> events, String secret, Instant createdAt, Instant failingSince, Instant disabledAt) {

        public boolean isDisabled() {
            return disabledAt != null;
        }
    }

    record Delivery(UUID id, UUID eventId, String eventType, String status, int attempts, Integer lastResponseStatus, String lastError,
            Instant nextAttemptAt) {
    }

    record Preferences(String pledgeEmails) {
    }

    record Notification(UUID id, String eventType, String summary, Instant createdAt) {
    }
}
