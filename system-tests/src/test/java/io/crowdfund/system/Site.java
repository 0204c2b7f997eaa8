package io.crowdfund.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.crowdfund.testsupport.ServiceJar;

/**
 * The whole platform as people use it: the five services and the web app, each its own process from
 * its executable jar on the shared PostgreSQL and Kafka. Webhooks may target this machine (the tests'
 * receivers); email goes nowhere (an unused port), and its failures stay with notification-service.
 */
final class Site implements AutoCloseable {

    final Platform platform;
    final ServiceJar notification;
    final ServiceJar webApp;

    Site() {
        this(Map.of());
    }

    /** With settings of the web app's own (its live streams' bounds, say). */
    Site(Map<String, String> webAppSettings) {
        platform = new Platform(Map.of());
        notification = platform.service("notification-service", Map.of("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true",
                "SMTP_HOST", "127.0.0.1", "SMTP_PORT", "9", "WEBHOOK_SCAN_INTERVAL", "200ms"));
        Map<String, String> environment = new HashMap<>(webAppSettings);
        environment.putAll(Map.of(
                "WALLET_SERVICE_URL", platform.wallet.baseUrl(),
                "CAMPAIGN_SERVICE_URL", platform.campaign.baseUrl(),
                "PLEDGE_SERVICE_URL", platform.pledge.baseUrl(),
                "NOTIFICATION_SERVICE_URL", notification.baseUrl(),
                "CLOSURE_SERVICE_URL", platform.closure.baseUrl()));
        webApp = ServiceJar.of(platform.root(), "web-app", environment);
    }

    /**
     * Starts everything: the saga's services first, until a pledge goes all the way through (so every
     * topic exists), then notification-service (which subscribes to them all) and the web app.
     */
    Site start() {
        platform.start();
        notification.start();
        webApp.start();
        return this;
    }

    /** The five services behind the gateway, in the order of its routes. */
    List<ServiceJar> services() {
        return List.of(platform.wallet, platform.campaign, platform.pledge, notification, platform.closure);
    }

    /** The site's base URL, e.g. {@code http://127.0.0.1:41234}; the API is under {@code /api}. */
    String url() {
        return webApp.baseUrl();
    }

    @Override
    public void close() {
        webApp.close();
        notification.close();
        platform.close();
    }
}
