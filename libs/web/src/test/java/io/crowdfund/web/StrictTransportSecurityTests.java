package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.TestTokens;

/**
 * Behind the ingress, which ends TLS: a request a trusted proxy forwards with {@code X-Forwarded-Proto: https} is secure
 * and answered with HSTS; a plain one is not. The test connects from 127.0.0.1, a trusted proxy by default
 * (TRUSTED_PROXIES: loopback); {@link UntrustedProxyTests} sends the same header from a peer that is not one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StrictTransportSecurityTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwksUrl);
    }

    @Test
    void answersAnHttpsRequestForwardedByATrustedProxyWithHsts() {
        var answer = HttpTestClient.local(port).get("/client-address", null, "X-Forwarded-Proto", "https");
        assertThat(answer.json().get("secure").asBoolean()).isTrue();
        assertThat(answer.header("Strict-Transport-Security")).contains("max-age=31536000 ; includeSubDomains");
    }

    @Test
    void sendsHstsOnProblemsToo() {
        var answer = HttpTestClient.local(port).get("/me", null, "X-Forwarded-Proto", "https");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Strict-Transport-Security")).isPresent();
    }

    @Test
    void answersAPlainHttpRequestWithoutHsts() {
        var answer = HttpTestClient.local(port).get("/client-address", null);
        assertThat(answer.json().get("secure").asBoolean()).isFalse();
        assertThat(answer.header("Strict-Transport-Security")).isEmpty();
    }
}
