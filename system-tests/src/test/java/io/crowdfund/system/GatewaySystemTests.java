package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.ServiceJar;
import io.crowdfund.webapp.gateway.ApiDocumentMerger;
import io.crowdfund.webapp.gateway.ServiceDocument;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway under {@code /api} as an API client meets it: one base URL for every service, each answer the owning
 * service's own, bearer tokens untouched, the live stream unbuffered, closed to other origins, no session, and a
 * problem (not a hang or an HTML page) when a path is unknown or a service is down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewaySystemTests {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String UPDATE = "crowdfund.api-document.update";
    /** Packages the services (the test starts their jars), then rewrites web-app's snapshot from their documents. */
    static final String REGENERATE = "./mvnw -B -q package -pl system-tests -am -Dsurefire.failIfNoSpecifiedTests=false "
            + "-Dtest='GatewaySystemTests#apiDocumentIsTheLiveServicesDocumentsMerged' -D" + UPDATE + "=true";

    static Site site;
    static Api api;

    @BeforeAll
    static void start() {
        site = new Site().start();
        api = new Api(site.url() + "/api");
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    @Order(1)
    void apiClientNeedsOneBaseUrlAndGetsTheServicesOwnAnswers() {
        String name = uniqueName();
        String registration = """
                {"username": "%s", "email": "%s@example.com", "password": "%s"}""".formatted(name, name, Platform.PASSWORD);

        var registered = api.post("/users", null, registration);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(fieldNames(json(registered))).containsExactlyInAnyOrder("id", "username", "email");
        var takenThroughGateway = api.post("/users", null, registration);
        var takenDirectly = new HttpTestClient(site.platform.wallet.baseUrl()).post("/users", null, registration);
        assertThat(takenThroughGateway.statusCode()).isEqualTo(takenDirectly.status()).isEqualTo(409);
        assertThat(contentType(takenThroughGateway)).isEqualTo(takenDirectly.contentType()).startsWith("application/problem+json");
        assertThat(json(takenThroughGateway).get("title")).isEqualTo(takenDirectly.json().get("title"));

        var token = api.post("/auth/token", null, """
                {"username": "%s", "password": "%s"}""".formatted(name, Platform.PASSWORD));
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(json(token).get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(fieldNames(json(token))).contains("accessToken", "tokenType", "expiresIn");
        String bearer = json(token).get("accessToken").asString();

        String depositKey = UUID.randomUUID().toString();
        var deposit = api.post("/wallets/me/deposits", bearer, "{\"amount\": 250.00}", "Idempotency-Key", depositKey);
        var again = api.post("/wallets/me/deposits", bearer, "{\"amount\": 250.00}", "Idempotency-Key", depositKey);
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(201);
        assertThat(fieldNames(json(deposit))).contains("transactionId", "amount", "balance");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(json(again).get("transactionId")).isEqualTo(json(deposit).get("transactionId"));
        var wallet = api.get("/wallets/me", bearer);
        assertThat(wallet.statusCode()).isEqualTo(200);
        assertThat(json(wallet).get("balance").decimalValue()).isEqualByComparingTo("250.00");

        var created = api.post("/campaigns", bearer, """
                {"title": "Gateway kiosk", "description": "Reached through one base URL", "category": "technology", "goal": 500,
                 "deadline": "%s", "rewardTiers": [{"title": "Early bird", "minimumAmount": 25, "quantityAvailable": 10}]}"""
                .formatted(Instant.now().plus(Duration.ofDays(7))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String campaignId = json(created).get("id").asString();
        assertThat(api.get("/campaigns/" + campaignId, null).statusCode()).isEqualTo(200);
        assertSameAnswer("/campaigns/" + campaignId, site.platform.campaign.baseUrl(), null);
        assertLocationUsable(created, "/campaigns/" + campaignId, bearer);

        var pledge = api.post("/pledges", bearer, "{\"campaignId\": \"%s\", \"amount\": 40}".formatted(campaignId),
                "Prefer", "wait=10", "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(pledge.statusCode()).as(pledge.body()).isEqualTo(201);
        assertThat(json(pledge).get("status").asString()).isEqualTo("CONFIRMED");
        String pledgeId = json(pledge).get("id").asString();
        assertSameAnswer("/pledges/" + pledgeId, site.platform.pledge.baseUrl(), bearer);
        assertLocationUsable(pledge, "/pledges/" + pledgeId, bearer);

        var webhook = api.post("/webhooks", bearer, "{\"url\": \"http://127.0.0.1:9/hooks/gateway\"}");
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(201);
        assertThat(json(webhook).get("secret").asString()).startsWith("whsec_");
        assertThat(fieldNames(json(webhook))).contains("id", "url", "events", "secret", "createdAt");
        assertLocationUsable(webhook, "/webhooks/" + json(webhook).get("id").asString(), bearer);

        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/closures/" + campaignId, null).statusCode() == 200);
        assertSameAnswer("/closures/" + campaignId, site.platform.closure.baseUrl(), null);
        assertThat(json(api.get("/closures/" + campaignId, null)).get("state").asString()).isEqualTo("SCHEDULED");

        assertSameAnswer("/.well-known/jwks.json", site.platform.wallet.baseUrl(), null);
        assertThat(json(api.get("/.well-known/jwks.json", null)).get("keys").isArray()).isTrue();
        assertSameAnswer("/categories", site.platform.campaign.baseUrl(), null);
        assertThat(json(api.get("/categories", null)).findValuesAsString("code"))
                .contains("charity", "business", "personal", "creative", "community", "technology");
    }

    @Test
    @Order(2)
    void bearerTokensPassThroughUntouched() {
        Platform.User user = site.platform.user("0");

        var anonymous = api.get("/wallets/me", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(contentType(anonymous)).startsWith("application/problem+json");
        assertThat(json(anonymous).get("status").asInt()).isEqualTo(401);

        var tampered = api.get("/wallets/me", user.token() + "x");
        assertThat(tampered.statusCode()).isEqualTo(401);

        var signed = api.get("/wallets/me", user.token());
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(json(signed).get("userId").asString()).isEqualTo(user.id().toString());
    }

    @Test
    @Order(3)
    void liveStreamPassesUnbufferedWithinOneSecondOfTheConfirmation() throws Exception {
        Platform.User owner = site.platform.user("0");
        Platform.User backer = site.platform.user("100.00");
        String campaignId = site.platform.campaign(owner, "1000", 10).json().get("id").asString();

        long opened = System.nanoTime();
        try (var stream = EventStream.open(site.url() + "/api/campaigns/" + campaignId + "/stream")) {
            assertThat(stream.contentType).startsWith("text/event-stream");
            Event first = stream.next(Duration.ofSeconds(5));
            assertThat(first).as("the current totals, sent as soon as the stream opens").isNotNull();
            assertThat(Duration.ofNanos(first.receivedAt - opened)).isLessThan(Duration.ofSeconds(5));
            assertThat(first.name).isEqualTo("totals");
            assertThat(JSON.readTree(first.data).get("currentFunds").decimalValue()).isEqualByComparingTo("0");

            var pledge = api.post("/pledges", backer.token(), "{\"campaignId\": \"%s\", \"amount\": 30}".formatted(campaignId),
                    "Prefer", "wait=10");
            long confirmed = System.nanoTime();
            assertThat(pledge.statusCode()).as(pledge.body()).isEqualTo(201);

            Event totals = stream.until(event -> "totals".equals(event.name)
                    && JSON.readTree(event.data).get("currentFunds").decimalValue().compareTo(new BigDecimal("30")) == 0,
                    Duration.ofSeconds(10));
            assertThat(totals).as("a totals event with currentFunds 30").isNotNull();
            Duration latency = Duration.ofNanos(Math.max(0, totals.receivedAt - confirmed));
            System.out.printf("Gateway live stream: first event %d ms after opening; totals %d ms after the pledge's 201 (negative: before it)%n",
                    (first.receivedAt - opened) / 1_000_000, (totals.receivedAt - confirmed) / 1_000_000);
            assertThat(latency).isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    @Order(4)
    void pathNoServiceServesIsProblem404() {
        for (String path : List.of("/nothing-here", "/campaign", "/wallets-of-others/1", "")) {
            var answer = api.get(path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(contentType(answer)).as(path).startsWith("application/problem+json");
            assertThat(json(answer).get("status").asInt()).isEqualTo(404);
        }
        var post = api.post("/nothing-here", null, "{}");
        assertThat(post.statusCode()).isEqualTo(404);
        assertThat(contentType(post)).startsWith("application/problem+json");
    }

    @Test
    @Order(5)
    void corsStaysClosedToOtherOrigins() {
        var preflight = api.send(HttpRequest.newBuilder(api.uri("/campaigns")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        var read = api.send(HttpRequest.newBuilder(api.uri("/categories")).GET().header("Origin", "https://evil.example"));
        assertThat(read.statusCode()).as("served; only the browser is not allowed to show it to the other origin's page").isEqualTo(200);
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    @Order(6)
    void gatewaySetsNoSessionCookie() {
        Platform.User user = site.platform.user("0");
        List<HttpResponse<String>> answers = new ArrayList<>();
        answers.add(api.get("/categories", null));
        answers.add(api.get("/wallets/me", null));
        answers.add(api.get("/wallets/me", user.token()));
        answers.add(api.post("/auth/token", null, "{\"username\": \"operator\", \"password\": \"operator-pass\"}"));
        answers.add(api.get("/nothing-here", null));
        for (var answer : answers) {
            assertThat(answer.headers().allValues("Set-Cookie")).as(answer.request().uri().toString()).isEmpty();
        }
    }

    /**
     * The gateway's document is the live services' documents merged: the snapshot web-app serves is not stale. With
     * {@value #UPDATE} set, this writes the merged document over the snapshot instead.
     */
    @Test
    @Order(7)
    void apiDocumentIsTheLiveServicesDocumentsMerged() throws IOException {
        List<ServiceDocument> documents = new ArrayList<>();
        for (ServiceJar service : site.services()) {
            var document = new HttpTestClient(service.baseUrl()).get("/v3/api-docs", null);
            assertThat(document.status()).as(service + ": " + document.body()).isEqualTo(200);
            documents.add(new ServiceDocument(service.name(), ApiDocumentMerger.read(document.body())));
        }
        String merged = ApiDocumentMerger.write(ApiDocumentMerger.merge(documents));
        Path snapshot = site.platform.root().resolve("web-app/src/main/resources").resolve(ApiDocumentMerger.SNAPSHOT);
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(snapshot, merged);
            System.out.println("Wrote the merged API document to " + snapshot);
            return;
        }
        if (!ApiDocumentMerger.read(merged).equals(ApiDocumentMerger.read(Files.readString(snapshot)))) {
            Path fresh = site.platform.root().resolve("system-tests/target/api-document");
            Files.createDirectories(fresh);
            Files.writeString(fresh.resolve("openapi.json"), merged);
            for (ServiceDocument document : documents) {
                Files.writeString(fresh.resolve(document.service() + ".json"), ApiDocumentMerger.write(document.document()));
            }
            throw new AssertionError("The gateway's API document (" + snapshot + ") is stale: the services' documents have "
                    + "changed. The document merged from them now is " + fresh.resolve("openapi.json") + " (beside it, each "
                    + "service's own). Regenerate the snapshot, from the project's root, with:\n" + REGENERATE);
        }
    }

    /** The snapshot at {@code /api/openapi.json} (not the gateway's 404), and Swagger UI on it at {@code /api/docs}: public, no session. */
    @Test
    @Order(8)
    void servesTheApiDocumentAndSwaggerUiOnIt() throws IOException {
        var document = api.get("/openapi.json", null);
        assertThat(document.statusCode()).as(document.body()).isEqualTo(200);
        assertThat(contentType(document)).startsWith("application/json");
        Path snapshot = site.platform.root().resolve("web-app/src/main/resources").resolve(ApiDocumentMerger.SNAPSHOT);
        assertThat(ApiDocumentMerger.read(document.body())).isEqualTo(ApiDocumentMerger.read(Files.readString(snapshot)));

        var page = api.get("/docs", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(contentType(page)).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui-bundle.js", "/js/api-docs.js", "data-document=\"/api/openapi.json\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'", "style-src 'self'").doesNotContain("unsafe-inline", "unsafe-eval"));
        for (String script : List.of("/webjars/swagger-ui/swagger-ui-bundle.js", "/webjars/swagger-ui/swagger-ui.css", "/js/api-docs.js")) {
            assertThat(api.send(HttpRequest.newBuilder(URI.create(site.url() + script)).GET()).statusCode()).as(script).isEqualTo(200);
        }
        assertThat(document.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(page.headers().allValues("Set-Cookie")).isEmpty();
    }

    /** Last: notification-service stays down for the rest of the class. */
    @Test
    @Order(Integer.MAX_VALUE)
    void serviceThatIsDownAnswers502ProblemWithRetryAfter() {
        Platform.User user = site.platform.user("0");
        assertThat(api.get("/webhooks", user.token()).statusCode()).isEqualTo(200);

        site.notification.close();

        long asked = System.nanoTime();
        var down = api.get("/webhooks", user.token());
        Duration took = Duration.ofNanos(System.nanoTime() - asked);
        assertThat(down.statusCode()).as(down.body()).isEqualTo(502);
        assertThat(contentType(down)).startsWith("application/problem+json");
        assertThat(json(down).get("status").asInt()).isEqualTo(502);
        assertThat(down.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(took).isLessThan(Duration.ofSeconds(5));

        var post = api.post("/webhooks", user.token(), "{\"url\": \"http://127.0.0.1:9/hooks/down\"}");
        assertThat(post.statusCode()).isEqualTo(502);
        assertThat(post.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.get("/categories", null).statusCode()).as("the other services still answer").isEqualTo(200);
    }

    /** The gateway's GET answer is the service's own: the same status, content type and JSON body. */
    private static void assertSameAnswer(String path, String serviceUrl, String token) {
        var throughGateway = api.get(path, token);
        var direct = new HttpTestClient(serviceUrl).get(path, token);
        assertThat(throughGateway.statusCode()).as(path).isEqualTo(direct.status());
        assertThat(contentType(throughGateway)).as(path).isEqualTo(direct.contentType());
        assertThat(json(throughGateway)).as(path).isEqualTo(direct.json());
    }

    /** The Location, resolved as a client resolves it against the URL it posted to, leads to the resource through the gateway. */
    private static void assertLocationUsable(HttpResponse<String> created, String servicePath, String token) {
        String location = created.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + created));
        URI resolved = created.request().uri().resolve(location);
        assertThat(resolved.toString()).isEqualTo(api.base + servicePath);
        var followed = api.send(HttpRequest.newBuilder(resolved).GET().header("Accept", "application/json")
                .header("Authorization", "Bearer " + token));
        assertThat(followed.statusCode()).as(resolved.toString()).isEqualTo(200);
        assertThat(json(followed).get("id")).isEqualTo(json(created).get("id"));
    }

    private static String uniqueName() {
        return "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    private static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The JDK client against the gateway's base URL, with the answers' headers. */
    static final class Api {
        final String base;

        Api(String base) {
            this.base = base;
        }

        URI uri(String path) {
            return URI.create(base + path);
        }

        HttpResponse<String> get(String path, String token) {
            return send(request(path, token).GET());
        }

        HttpResponse<String> post(String path, String token, String body, String... headers) {
            var request = request(path, token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request);
        }

        private HttpRequest.Builder request(String path, String token) {
            var builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return builder;
        }

        HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    record Event(String name, String data, long receivedAt) {
    }

    /** A Server-Sent Events stream read on its own thread: each event with the moment its last line arrived. */
    static final class EventStream implements AutoCloseable {
        final String contentType;
        private final InputStream body;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Thread reader;

        private EventStream(HttpResponse<InputStream> response) {
            this.contentType = response.headers().firstValue("Content-Type").orElse("");
            this.body = response.body();
            this.reader = Thread.ofVirtual().start(this::read);
        }

        static EventStream open(String url) throws IOException, InterruptedException {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new AssertionError("The stream answered " + response.statusCode() + ": " + new String(response.body().readAllBytes()));
            }
            return new EventStream(response);
        }

        private void read() {
            try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String name = null;
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            events.add(new Event(name == null ? "message" : name, data.toString(), System.nanoTime()));
                        }
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        if (!data.isEmpty()) {
                            data.append('\n');
                        }
                        data.append(line.substring(5).strip());
                    }
                }
            } catch (IOException closed) {
                // the test closed the stream
            }
        }

        Event next(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        Event until(Predicate<Event> wanted, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                Event event = events.poll(left, TimeUnit.NANOSECONDS);
                if (event != null && wanted.test(event)) {
                    return event;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            body.close();
            reader.interrupt();
        }
    }
}
