package io.crowdfund.notification.webhook;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.crowdfund.notification.NotificationProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * A Resilience4j circuit breaker per endpoint (on this replica): once most of an endpoint's recent
 * attempts failed, no request is made to it until the circuit half-opens and a few trial attempts
 * show whether it is back. Breakers are not published as metrics (one per endpoint would be too many
 * series); the deliveries' {@code last_error} says when a circuit was open.
 */
@Component
class EndpointBreakers {

    private final CircuitBreakerRegistry registry;

    EndpointBreakers(NotificationProperties properties) {
        var settings = properties.webhooks().breaker();
        registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.minimumAttempts())
                .minimumNumberOfCalls(settings.minimumAttempts())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, settings.minimumAttempts() / 5))
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    CircuitBreaker of(UUID webhookId) {
        return registry.circuitBreaker(webhookId.toString());
    }

    /** Forgets an endpoint's breaker (deleted or enabled again). */
    void forget(UUID webhookId) {
        registry.remove(webhookId.toString());
    }
}
