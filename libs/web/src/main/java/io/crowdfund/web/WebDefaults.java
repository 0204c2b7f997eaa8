package io.crowdfund.web;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults every service shares, at the lowest precedence: tokens validated against
 * wallet-service's JWKS (any OIDC provider's by configuration) and refused unless their {@code iss}
 * is {@code TOKEN_ISSUER} and their {@code aud} names {@code TOKEN_AUDIENCE}; the client's address
 * taken from {@code X-Forwarded-For} only when the connection comes from one of the
 * {@code TRUSTED_PROXIES} (Tomcat's RemoteIpValve), so per-address limits count people, not the
 * gateway; problem details, health probes and Prometheus, virtual threads, graceful shutdown,
 * Swagger UI where API.md says, paging limits, tracing with OTLP export when an endpoint is configured.
 */
class WebDefaults implements EnvironmentPostProcessor, Ordered {

    private static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "${JWKS_URL:http://localhost:8083/.well-known/jwks.json}"),
            // with a JWKS URL set, Spring Boot only compares the issuer (no discovery); wallet-service signs with both
            Map.entry("spring.security.oauth2.resourceserver.jwt.issuer-uri", "${TOKEN_ISSUER:crowdfund-wallet}"), // wallet-service's default too
            Map.entry("spring.security.oauth2.resourceserver.jwt.audiences", "${TOKEN_AUDIENCE:crowdfund-api}"),
            Map.entry("crowdfund.web.jwks-require-https", "${JWKS_REQUIRE_HTTPS:false}"), // true: no start with a JWKS URL that is not https (JwksTransport)
            // X-Forwarded-For (and -Proto, -Host, -Port) believed only from these peers: a CIDR list, loopback by default.
            // X-Forwarded-Proto: https from one of them makes the request secure, and so answered with HSTS (PlatformSecurity)
            Map.entry("server.forward-headers-strategy", "native"),
            Map.entry("server.tomcat.remoteip.internal-proxies", "${TRUSTED_PROXIES:127.0.0.0/8, ::1/128}"), // a proxy on the same host: the local stack's web-app
            Map.entry("spring.mvc.problemdetails.enabled", "false"), // ProblemHandling is the one handler
            Map.entry("spring.threads.virtual.enabled", "true"),
            Map.entry("server.shutdown", "graceful"),
            Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "20s"),
            // the messaging kit's operator endpoints check the OPERATOR role themselves
            Map.entry("management.endpoints.web.exposure.include", "health,info,prometheus,parkedmessages,deadletters"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.probes.add-additional-paths", "true"),
            Map.entry("management.health.kafka.enabled", "false"),
            Map.entry("management.metrics.tags.application", "${spring.application.name}"),
            Map.entry("management.tracing.sampling.probability", "${TRACING_SAMPLING_PROBABILITY:0.1}"),
            Map.entry("springdoc.swagger-ui.path", "/swagger-ui.html"),
            Map.entry("springdoc.api-docs.path", "/v3/api-docs"),
            Map.entry("springdoc.api-docs.version", "openapi_3_1"),
            Map.entry("springdoc.default-produces-media-type", "application/json"),
            Map.entry("springdoc.default-consumes-media-type", "application/json"),
            Map.entry("springdoc.default-flat-param-object", "true"), // a Pageable is its page, size and sort parameters
            Map.entry("springdoc.writer-with-order-by-keys", "true"), // the same document byte for byte on every start
            Map.entry("spring.data.web.pageable.max-page-size", "100"),
            Map.entry("spring.data.web.pageable.default-page-size", "20"),
            Map.entry("spring.jackson.default-property-inclusion", "always"),
            Map.entry("crowdfund.web.max-concurrent-requests", "${MAX_CONCURRENT_REQUESTS:400}"),
            Map.entry("crowdfund.money.currency", "${CURRENCY:USD}"),
            Map.entry("crowdfund.money.max-amount", "${MAX_AMOUNT_PER_OPERATION:1000000.00}"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>(DEFAULTS);
        String otlp = environment.resolvePlaceholders("${OTLP_TRACING_ENDPOINT:}");
        if (!otlp.isBlank()) { // no endpoint, no exporter: trace ids still reach the logs and Kafka headers
            defaults.put("management.opentelemetry.tracing.export.otlp.endpoint", otlp);
        }
        environment.getPropertySources().addLast(new MapPropertySource("crowdfundWebDefaults", defaults));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
