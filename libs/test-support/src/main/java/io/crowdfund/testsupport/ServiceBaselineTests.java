package io.crowdfund.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import io.crowdfund.testsupport.HttpTestClient.Response;

/**
 * What every service promises operators and gateway clients, checked over real HTTP against real
 * PostgreSQL and Kafka. A service's {@code *IntegrationTests} class extends it.
 */
@IntegrationTest
public abstract class ServiceBaselineTests {

    @LocalServerPort
    protected int port;

    @Autowired
    private ConfigurableApplicationContext context;

    protected HttpTestClient http() {
        return HttpTestClient.local(port);
    }

    @Test
    void reportsLiveAndReadyWithItsDatabase() {
        assertThat(http().get("/actuator/health/liveness", null).json().get("status").asString()).isEqualTo("UP");
        Response readiness = http().get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void exposesPrometheusMetricsIncludingTheOutboxBacklogAndDeadLettersFromTheStart() {
        Response metrics = http().get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("outbox_backlog").contains("jvm_memory_used_bytes");
        // at 0 before the first dead letter, so that an increase() sees it
        assertThat(metrics.body()).containsPattern("messaging_dead_letters_total\\{[^}]*topic=\"[a-z]+\\.[a-z]+\"[^}]*\\} 0\\.0");
    }

    @Test
    void writesEachDefaultOnce() {
        assertThat(DefaultsWrittenOnce.writtenTwice(context)).as("defaults a properties record repeats from a file").isEmpty();
    }

    @Test
    void publishesItsOpenApiDocument() {
        Response docs = http().get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("openapi").asString()).startsWith("3.1");
        writeForReading(docs.body());
    }

    /** The document as the service serves it, in {@code target/openapi.json}, for a reader (and a diff) after the build. */
    private static void writeForReading(String document) {
        try {
            Files.writeString(Path.of("target", "openapi.json"), document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void answersUnknownPathsAndMissingTokensWithProblems() {
        Response unauthenticated = http().get("/no-such-endpoint", null);
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.isProblem()).isTrue();
        assertThat(unauthenticated.json().properties()).as("the security layer's problem, like every other: no null members")
                .noneMatch(member -> member.getValue().isNull())
                .extracting(Map.Entry::getKey).contains("type", "title", "status", "detail", "instance");
        Response missing = http().get("/no-such-endpoint", TestTokens.user(UUID.randomUUID()));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.isProblem()).isTrue();
    }

    @Test
    void refusesTokensOfAnotherIssuerOrForAnotherAudience() {
        UUID user = UUID.randomUUID();
        Map<String, String> tokens = Map.of(
                "another issuer", TestTokens.withIssuer(user, "https://idp.elsewhere.example"),
                "another audience", TestTokens.withAudience(user, "another-api"),
                "no audience", TestTokens.withAudience(user));
        tokens.forEach((what, token) -> {
            Response refused = http().get("/no-such-endpoint", token);
            assertThat(refused.status()).as(what).isEqualTo(401);
            assertThat(refused.isProblem()).as(what).isTrue();
        });
        // one of several audiences is enough, and the checks are what refused the others (the signatures are all good)
        assertThat(http().get("/no-such-endpoint", TestTokens.withAudience(user, "another-api", TestTokens.AUDIENCE)).status()).isEqualTo(404);
    }

    @Test
    void showsOperatorsItsParkedMessagesAndNobodyElse() {
        Response operator = http().get("/actuator/parkedmessages", TestTokens.operator(UUID.randomUUID()));
        assertThat(operator.status()).as(operator.body()).isEqualTo(200);
        assertThat(http().get("/actuator/parkedmessages", TestTokens.user(UUID.randomUUID())).status()).isEqualTo(403);
        assertThat(http().get("/actuator/parkedmessages", null).status()).isEqualTo(401);
    }

    @Test
    void letsOperatorsSendAgainOrDeleteAParkedMessageAndNobodyElse() {
        String none = "/actuator/parkedmessages/" + Long.MAX_VALUE;
        String operator = TestTokens.operator(UUID.randomUUID());
        Response resent = http().post(none, operator, "");
        assertThat(resent.status()).as(resent.body()).isEqualTo(404);
        assertThat(http().delete(none, operator).status()).isEqualTo(404);
        assertThat(http().post(none, TestTokens.user(UUID.randomUUID()), "").status()).isEqualTo(403);
        assertThat(http().delete(none, TestTokens.user(UUID.randomUUID())).status()).isEqualTo(403);
        assertThat(http().post(none, null, "").status()).isEqualTo(401);
        assertThat(http().delete(none, null).status()).isEqualTo(401);
    }
}
