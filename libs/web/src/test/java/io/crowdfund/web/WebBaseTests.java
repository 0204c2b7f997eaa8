package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.TestTokens;

/** The shared web base over real HTTP, with real RS256 tokens validated through a JWKS URL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "crowdfund.web.max-request-body=1KB")
class WebBaseTests {

    @LocalServerPort
    int port;

    private final UUID userId = UUID.randomUUID();

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwksUrl);
    }

    private HttpTestClient http() {
        return HttpTestClient.local(port);
    }

    @Test
    void acceptsAValidTokenAndExposesItsSubject() {
        Response response = http().get("/me", TestTokens.user(userId));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("subject").asString()).isEqualTo(userId.toString());
    }

    @Test
    void refusesATokenOfAnotherIssuerOrForAnotherAudience() {
        for (String token : new String[] {TestTokens.withIssuer(userId, "https://idp.elsewhere.example"),
            TestTokens.withAudience(userId, "another-api"), TestTokens.withAudience(userId)}) {
            Response response = http().get("/me", token);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(http().get("/me", TestTokens.withIssuer(userId, TestTokens.ISSUER)).status()).isEqualTo(200);
    }

    @Test
    void takesTheClientsAddressFromXForwardedForWhenATrustedProxySendsIt() {
        // the test connects from 127.0.0.1, a trusted proxy by default (TRUSTED_PROXIES: loopback)
        assertThat(http().get("/client-address", null).json().get("address").asString()).isEqualTo("127.0.0.1");
        Response forwarded = http().get("/client-address", null, "X-Forwarded-For", "203.0.113.9, 127.0.0.1");
        assertThat(forwarded.json().get("address").asString()).as("the last address no trusted proxy added").isEqualTo("203.0.113.9");
    }

    @Test
    void resolvesTheCallerWithTheTokensUsernameIfItNamesOne() {
        var named = http().get("/caller", TestTokens.user(userId, "ada_lovelace")).json();
        assertThat(named.get("id").asString()).isEqualTo(userId.toString());
        assertThat(named.get("operator").asBoolean()).isFalse();
        assertThat(named.get("username").asString()).isEqualTo("ada_lovelace");
        var unnamed = http().get("/caller", TestTokens.operator(userId)).json();
        assertThat(unnamed.get("operator").asBoolean()).isTrue();
        assertThat(unnamed.get("username").isNull()).isTrue();
    }

    @Test
    void answers401ProblemWithoutATokenOrWithABadOne() {
        for (String token : new String[] {null, "not-a-jwt", TestTokens.expired(userId), TestTokens.forged(userId)}) {
            Response response = http().get("/me", token);
            assertThat(response.status()).as("token %s", token).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.json().get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void mapsTheRolesClaimSoOnlyOperatorsReachOperatorEndpoints() {
        Response asUser = http().get("/operator/report", TestTokens.user(userId));
        assertThat(asUser.status()).isEqualTo(403);
        assertThat(asUser.isProblem()).isTrue();
        assertThat(http().get("/operator/report", TestTokens.operator(userId)).status()).isEqualTo(200);
    }

    @Test
    void letsAServiceDeclarePublicEndpointsAndKeepsHealthPublic() {
        assertThat(http().get("/ping", null).status()).isEqualTo(200);
        assertThat(http().get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(http().get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void answersValidationErrorsWithAProblemListingEachField() {
        Response response = http().post("/things", TestTokens.user(userId), "{\"name\":\"\",\"amount\":0}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        var errors = response.json().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("amount");
        assertThat(errors.get(1).get("field").asString()).isEqualTo("name");
        assertThat(errors.get(0).get("message").asString()).isNotBlank();
    }

    @Test
    void answersEveryMalformedRequestWithA4xxProblemNeverA5xx() {
        String token = TestTokens.user(userId);
        assertProblem(http().post("/things", token, "{\"name\": \"x\", "), 400);
        assertProblem(http().post("/things", token, "{\"name\": \"x\", \"amount\": \"lots\"}"), 400);
        assertProblem(http().post("/things", token, ""), 400);
        assertProblem(http().send("POST", "/things", token, "text/plain", "hello"), 415);
        assertProblem(http().send("DELETE", "/things", token, null, null), 405);
        assertProblem(http().get("/things/not-a-uuid", token), 400);
        assertProblem(http().get("/nowhere", token), 404);
        assertProblem(http().post("/things", token, "{\"name\":\"" + "x".repeat(2000) + "\",\"amount\":1}"), 413);
    }

    @Test
    void answersADomainErrorResponseAsItsProblem() {
        Response response = http().get("/things/" + UUID.randomUUID(), TestTokens.user(userId));
        assertProblem(response, 404);
        assertThat(response.json().get("title").asString()).isEqualTo("Thing not found");
    }

    @Test
    void hidesTheInternalsOfAnUnexpectedFailure() {
        Response response = http().describedBy(null).get("/boom", TestTokens.user(userId)); // a 500 is a bug: no document names it
        assertProblem(response, 500);
        assertThat(response.body()).doesNotContain("secret internals");
    }

    @Test
    void publishesTheOpenApiDocumentWithBearerAuth() {
        Response response = http().get("/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(response.json().at("/paths").has("/things")).isTrue();
        assertThat(http().get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.contentType()).isTrue();
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().has("title")).isTrue();
        assertThat(response.json().has("detail")).isTrue();
    }
}
