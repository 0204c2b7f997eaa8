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
 * X-Forwarded-For and X-Forwarded-Proto from a peer that is not one of the TRUSTED_PROXIES are ignored: the client is the
 * peer, and a request over plain HTTP is plain HTTP (no HSTS), whatever the header claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "TRUSTED_PROXIES=10.0.0.0/8, fd00::/8")
class UntrustedProxyTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwksUrl);
    }

    @Test
    void ignoresXForwardedForFromAPeerThatIsNotATrustedProxy() {
        var answer = HttpTestClient.local(port).get("/client-address", null, "X-Forwarded-For", "203.0.113.9").json();
        assertThat(answer.get("address").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void ignoresXForwardedProtoFromAPeerThatIsNotATrustedProxy() {
        var answer = HttpTestClient.local(port).get("/client-address", null, "X-Forwarded-Proto", "https");
        assertThat(answer.json().get("secure").asBoolean()).isFalse();
        assertThat(answer.header("Strict-Transport-Security")).isEmpty();
    }
}
