package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.crowdfund.testsupport.BadInputProbe;
import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.RawHttp;
import io.crowdfund.testsupport.TestTokens;

/**
 * Rejections before a controller (by Tomcat, by the servlet error page, by filters) and text with
 * control characters, over real HTTP: each one a 4xx RFC 9457 problem.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "crowdfund.web.max-request-body=1KB")
class RequestRejectionTests {

    @LocalServerPort
    int port;

    private final String token = TestTokens.user(UUID.randomUUID());

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens::jwksUrl);
    }

    @Test
    void refusesAControlCharacterInABodyStringNamingTheField() {
        Response response = http().post("/notes", token, "{\"title\": \"a\\u0000b\"}");
        assertProblem(response, 400);
        assertThat(response.json().at("/errors/0/field").asString()).isEqualTo("title");
        assertThat(response.json().at("/errors/0/message").asString()).isEqualTo("must not contain control characters");

        Response nested = http().post("/notes", token, "{\"title\": \"ok\", \"lines\": [{\"text\": \"ok\"}, {\"text\": \"\\u001b[31m\"}]}");
        assertProblem(nested, 400);
        assertThat(nested.json().at("/errors/0/field").asString()).isEqualTo("lines[1].text");
    }

    @Test
    void acceptsTabsAndLineBreaksInFreeText() {
        Response response = http().post("/notes", token, "{\"title\": \"ok\", \"description\": \"one\\ttwo\\r\\nthree\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().at("/note/description").asString()).isEqualTo("one\ttwo\r\nthree");
    }

    @Test
    void namesTheFieldOfAWrongJsonType() {
        Response response = http().post("/notes", token, "{\"title\": {\"nested\": 1}}");
        assertProblem(response, 400);
        assertThat(response.json().at("/errors/0/field").asString()).isEqualTo("title");
    }

    @Test
    void refusesControlCharactersInPathVariablesQueryParametersAndHeaders() {
        Response inQuery = raw().send("GET", "/notes/plain?tag=a%01b", null, false, "Authorization", "Bearer " + token);
        assertProblem(inQuery, 400);
        assertThat(inQuery.json().at("/errors/0/field").asString()).isEqualTo("tag");
        Response inPath = raw().send("GET", "/notes/a%01b", null, false, "Authorization", "Bearer " + token);
        assertProblem(inPath, 400);
        assertThat(inPath.json().at("/errors/0/field").asString()).isEqualTo("name");
        assertProblem(raw().send("GET", "/notes/plain", null, false, "Authorization", "Bearer " + token, "Idempotency-Key", "a\u0000b"), 400);
        assertThat(raw().send("GET", "/notes/plain?tag=a%20b", null, false, "Authorization", "Bearer " + token).status()).isEqualTo(200);
    }

    @Test
    void answersWhatTomcatRefusesItselfWithAProblemNotItsHtmlPage() {
        for (String target : new String[] {"/notes/a%2Fb", "/notes/a%00b", "/notes/%zz", "/notes/%", "/notes/a%C0%AFb", "/notes/{x}",
            "/notes/a|b", "/notes/plain?tag=%zz", "/notes/" + "a".repeat(20_000)}) {
            Response response = raw().send("GET", target, null, false, "Authorization", "Bearer " + token);
            assertThat(response.status()).as(target).isBetween(400, 499);
            assertProblem(response, response.status());
        }
    }

    @Test
    void answersTheErrorPageItselfAndUnacceptableMediaTypesWithProblems() {
        assertProblem(http().get("/error", null), 404);
        assertProblem(raw().send("GET", "/ping", null, false, "Accept", "application/xml"), 406);
        assertProblem(raw().send("GET", "/notes/plain", null, false, "Authorization", "Bearer " + token, "Accept", "text/html"), 406);
    }

    @Test
    void refusesAChunkedBodyBeyondTheLimitWith413() {
        byte[] body = ("{\"title\": \"" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Response response = raw().send("POST", "/notes", body, true, "Authorization", "Bearer " + token, "Content-Type", "application/json");
        assertProblem(response, 413);
        byte[] small = "{\"title\": \"small\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(raw().send("POST", "/notes", small, true, "Authorization", "Bearer " + token, "Content-Type", "application/json").status())
                .isEqualTo(200);
    }

    @Test
    void theGeneratedBadInputProbeReportsAnAnswerThatIsNotA4xxProblem() {
        var report = BadInputProbe.against(port, null).run();
        assertThat(report.requests()).isGreaterThan(100);
        assertThat(report.failures()).as("/boom fails whatever it is sent").anyMatch(failure -> failure.startsWith("GET /boom: ")
                && failure.contains("not a 4xx: 500"));
        assertThat(report.failures()).as("the control-character rules hold at every operation").noneMatch(failure -> failure.contains("\\u0000"));
    }

    private HttpTestClient http() {
        return HttpTestClient.local(port);
    }

    private RawHttp raw() {
        return new RawHttp(port);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.contentType() + " " + response.body()).isTrue();
        var problem = response.json();
        for (String member : new String[] {"type", "title", "status", "detail", "instance"}) {
            assertThat(problem.has(member)).as("%s in %s", member, response.body()).isTrue();
        }
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }
}
