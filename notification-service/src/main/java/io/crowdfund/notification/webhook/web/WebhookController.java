package io.crowdfund.notification.webhook.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.notification.webhook.Feed;
import io.crowdfund.notification.webhook.Webhooks;
import io.crowdfund.web.Caller;
import io.crowdfund.web.VelocityLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@RestController
@Tag(name = "Notifications", description = "Signed webhooks, the notification feed and email preferences (notification-service)")
class WebhookController {

    private final Webhooks webhooks;
    private final Feed feed;

    WebhookController(Webhooks webhooks, Feed feed) {
        this.webhooks = webhooks;
        this.feed = feed;
    }

    @Schema(name = "NewWebhook")
    record Registration(@Schema(example = "https://example.com/hooks/crowdfund") @NotBlank @Size(max = 2000) String url,
            @Schema(description = "event types; absent or empty: all") @Size(max = 10) @Nullable List<String> events) {
    }

    @Schema(name = "Webhook")
    record WebhookView(UUID id, String url, List<String> events,
            @Schema(description = "the signing secret, only in the answer that created the endpoint") @Nullable String secret, Instant createdAt,
            @Schema(description = "since when every attempt failed; null while it works") @Nullable Instant failingSince,
            @Schema(description = "when it was disabled for failing too long; null while enabled") @Nullable Instant disabledAt) {

        static WebhookView of(Webhooks.Webhook w, boolean withSecret) {
            return new WebhookView(w.id(), w.url(), w.events(), withSecret ? w.secret() : null, w.createdAt(), w.failingSince(),
                    w.disabledAt());
        }
    }

    @PostMapping("/webhooks")
    @Operation(operationId = "createWebhook", summary = "Register an endpoint", description = "The secret is shown only in this answer. Events about the caller's own campaigns. "
            + "A user has at most 10 endpoints (WEBHOOK_MAX_PER_USER); beyond: 400 naming `url`.")
    @ApiResponse(responseCode = "201", description = "Registered; the answer holds the secret, once",
            headers = @Header(name = "Location", description = "the endpoint", required = true, schema = @Schema(format = "uri-reference")))
    ResponseEntity<WebhookView> create(Caller caller, @Valid @RequestBody Registration registration) {
        var webhook = webhooks.create(caller, registration.url(), registration.events());
        return ResponseEntity.created(URI.create("/webhooks/" + webhook.id())).body(WebhookView.of(webhook, true));
    }

    @GetMapping("/webhooks")
    @Operation(operationId = "listWebhooks", summary = "The caller's endpoints")
    PagedModel<WebhookView> list(Caller caller, Pageable page) {
        return new PagedModel<>(webhooks.list(caller, page).map(w -> WebhookView.of(w, false)));
    }

    @GetMapping("/webhooks/{id}")
    @Operation(operationId = "getWebhook", summary = "One of the caller's endpoints")
    WebhookView get(Caller caller, @PathVariable UUID id) {
        return WebhookView.of(webhooks.get(caller, id), false);
    }

    @DeleteMapping("/webhooks/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Remove one of the caller's endpoints")
    @ApiResponse(responseCode = "204", description = "Removed")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        webhooks.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/webhooks/{id}/enable")
    @Operation(operationId = "enableWebhook", summary = "Enable an endpoint that was disabled for failing too long")
    WebhookView enable(Caller caller, @PathVariable UUID id) {
        return WebhookView.of(webhooks.enable(caller, id), false);
    }

    @GetMapping("/webhooks/{id}/deliveries")
    @Operation(operationId = "listDeliveries", summary = "An endpoint's deliveries, newest first")
    PagedModel<Webhooks.Delivery> deliveries(Caller caller, @PathVariable UUID id, Pageable page) {
        return new PagedModel<>(webhooks.deliveries(caller, id, page));
    }

    @PostMapping("/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    @VelocityLimited("webhook-sends-per-user")
    @Operation(operationId = "redeliver", summary = "Deliver again from the start of the schedule (same webhook-id)")
    @ApiResponse(responseCode = "202", description = "The delivery is scheduled again")
    @ApiResponse(responseCode = "409", description = "The endpoint is disabled; enable it first")
    ResponseEntity<Void> redeliver(Caller caller, @PathVariable UUID id, @PathVariable UUID deliveryId) {
        webhooks.redeliver(caller, id, deliveryId);
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/webhooks/{id}/ping")
    @VelocityLimited("webhook-sends-per-user")
    @Operation(operationId = "ping", summary = "Deliver a ping event")
    @ApiResponse(responseCode = "202", description = "The ping is scheduled")
    @ApiResponse(responseCode = "409", description = "The endpoint is disabled; enable it first")
    ResponseEntity<Void> ping(Caller caller, @PathVariable UUID id) {
        webhooks.ping(caller, id);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/notifications")
    @Operation(operationId = "listNotifications", summary = "What the caller was told, newest first")
    PagedModel<Feed.Notification> notifications(Caller caller, Pageable page) {
        return new PagedModel<>(feed.of(caller, page));
    }
}
