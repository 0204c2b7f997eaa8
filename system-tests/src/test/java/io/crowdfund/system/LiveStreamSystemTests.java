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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many people watching a campaign's live totals through the gateway: web-app holds one stream of the campaign
 * from campaign-service and fans it out, every watcher ends on the campaign's final totals, a watcher keeps its
 * stream while campaign-service restarts, the upstream closes when the last watcher leaves, and the bounds per
 * client address and in all refuse with an RFC 9457 problem and Retry-After. Each watcher comes from an address of
 * its own (X-Forwarded-For, which web-app takes from this test on loopback as from a trusted proxy).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveStreamSystemTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int WATCHERS = 60;
    private static final int MAX_OPEN = 64;
    private static final int MAX_PER_CLIENT = 2;

    static Site site;

    @BeforeAll
    static void start() {
        site = new Site(Map.of("WEBAPP_STREAM_MAX_OPEN", Integer.toString(MAX_OPEN), "WEBAPP_STREAM_MAX_PER_CLIENT",
                Integer.toString(MAX_PER_CLIENT), "WEBAPP_STREAM_RECONNECT_DELAY", "500ms",
                // a watcher who left is noticed when a write to it fails: a heartbeat at the latest
                "WEBAPP_STREAM_HEARTBEAT", "1s")).start();
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    @Test
    @Order(1)
    void manyWatchersShareOneUpstreamAndAllEndOnTheFinalTotals() throws Exception {
        Platform.User owner = site.platform.user("0");
        List<Platform.User> backers = site.platform.users(4, "1000.00");
        String campaignId = site.platform.campaign(owner, "100000", 10).json().get("id").asString();

        List<Watcher> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < WATCHERS; i++) {
                watchers.add(Watcher.open(campaignId, "198.18.0." + (i + 1)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> watchers.stream().allMatch(w -> w.funds() != null));
            assertThat(watchers).allSatisfy(w -> assertThat(w.funds()).isEqualByComparingTo("0"));
            assertThat(metric(site.url(), "webapp_streams_watchers")).isEqualTo(WATCHERS);
            assertThat(metric(site.url(), "webapp_streams_upstreams")).as("one stream of the campaign from campaign-service").isEqualTo(1);
            assertThat(metric(site.platform.campaign.baseUrl(), "campaign_streams_open")).isEqualTo(1);

            List<String> pledges = site.platform.pledgeWhile(backers, campaignId, "7.25", 80, -1, () -> { });
            BigDecimal confirmed = site.platform.settle(pledges, backers, "1000.00", campaignId, Duration.ofSeconds(60));
            assertThat(confirmed).isPositive();
            BigDecimal funds = site.platform.campaigns().get("/campaigns/" + campaignId, null).json().get("currentFunds").decimalValue();

            await().atMost(Duration.ofSeconds(10)).until(() -> watchers.stream().allMatch(w -> w.funds().compareTo(funds) == 0));
            assertThat(watchers).allSatisfy(w -> {
                assertThat(w.failure()).isNull();
                assertThat(w.events()).as("the first totals and at least one change").isGreaterThanOrEqualTo(2);
            });
        } finally {
            watchers.forEach(Watcher::close);
        }
        // campaign-service notices the closed upstream when a write to it fails: the first heartbeat after the close (within
        // CAMPAIGN_STREAM_HEARTBEAT, 15 s) only draws the peer's reset, the second (15 s later) fails
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            assertThat(metric(site.url(), "webapp_streams_watchers")).isZero();
            assertThat(metric(site.url(), "webapp_streams_upstreams")).as("closed with its last watcher").isZero();
            assertThat(metric(site.platform.campaign.baseUrl(), "campaign_streams_open")).isZero();
        });
    }

    @Test
    @Order(2)
    void boundsPerClientAndInAllRefuseWithAProblemAndRetryAfter() {
        Platform.User owner = site.platform.user("0");
        String campaignId = site.platform.campaign(owner, "1000", 10).json().get("id").asString();
        List<Watcher> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_PER_CLIENT; i++) {
                watchers.add(Watcher.open(campaignId, "198.18.1.1"));
            }
            assertRefused(campaignId, "198.18.1.1", 429);
            assertThat(metric(site.url(), "webapp_streams_watchers")).as("a refused stream is not counted").isEqualTo(MAX_PER_CLIENT);

            for (int i = MAX_PER_CLIENT; i < MAX_OPEN; i++) {
                watchers.add(Watcher.open(campaignId, "198.18.2." + i));
            }
            assertRefused(campaignId, "198.18.3.1", 503);

            watchers.removeLast().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> metric(site.url(), "webapp_streams_watchers") == MAX_OPEN - 1);
            watchers.add(Watcher.open(campaignId, "198.18.3.1"));
        } finally {
            watchers.forEach(Watcher::close);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(site.url(), "webapp_streams_watchers") == 0);
    }

    @Test
    @Order(3)
    void unknownCampaignIsTheServicesProblemAndABadIdTheGateways() {
        var unknown = get("/api/campaigns/" + UUID.randomUUID() + "/stream", "198.18.4.1");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var bad = get("/api/campaigns/not-an-id/stream", "198.18.4.1");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("status").asInt()).isEqualTo(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> metric(site.url(), "webapp_streams_watchers") == 0
                && metric(site.url(), "webapp_streams_upstreams") == 0);
    }

    /** Last: campaign-service is killed and started again; the watchers keep their streams and get the totals after it. */
    @Test
    @Order(Integer.MAX_VALUE)
    void watchersKeepTheirStreamsWhileCampaignServiceRestarts() throws Exception {
        Platform.User owner = site.platform.user("0");
        List<Platform.User> backers = site.platform.users(2, "1000.00");
        String campaignId = site.platform.campaign(owner, "100000", 10).json().get("id").asString();
        List<Watcher> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                watchers.add(Watcher.open(campaignId, "198.18.5." + (i + 1)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> watchers.stream().allMatch(w -> w.funds() != null));

            site.platform.campaign.kill();
            site.platform.campaign.start();
            List<String> pledges = site.platform.pledgeWhile(backers, campaignId, "12.50", 10, -1, () -> { });
            BigDecimal confirmed = site.platform.settle(pledges, backers, "1000.00", campaignId, Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(20)).until(() -> watchers.stream().allMatch(w -> w.funds().compareTo(confirmed) == 0));
            assertThat(watchers).allSatisfy(w -> assertThat(w.failure()).as("the stream to the watcher was never broken").isNull());
            assertThat(metric(site.url(), "webapp_streams_upstreams")).isEqualTo(1);
        } finally {
            watchers.forEach(Watcher::close);
        }
    }

    private static void assertRefused(String campaignId, String address, int status) {
        var refused = get("/api/campaigns/" + campaignId + "/stream", address);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(status);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo("/api/campaigns/" + campaignId + "/stream");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    }

    private static HttpResponse<String> get(String path, String address) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(site.url() + path)).header("Accept", "text/event-stream")
                    .header("X-Forwarded-For", address).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A gauge's value from a process's Prometheus page (its first sample). */
    private static double metric(String baseUrl, String name) {
        String page;
        try {
            page = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus")).timeout(Duration.ofSeconds(20)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return page.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no " + name + " at " + baseUrl));
    }

    /** One person's stream through the gateway, read on its own thread: the latest totals' funds and how many events came. */
    private static final class Watcher implements AutoCloseable {
        private final InputStream body;
        private final AtomicReference<BigDecimal> funds = new AtomicReference<>();
        private final AtomicReference<String> failure = new AtomicReference<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile int events;

        private Watcher(InputStream body) {
            this.body = body;
            Thread.ofVirtual().start(this::read);
        }

        static Watcher open(String campaignId, String address) {
            try {
                var response = HTTP.send(HttpRequest.newBuilder(URI.create(site.url() + "/api/campaigns/" + campaignId + "/stream"))
                        .header("Accept", "text/event-stream").header("X-Forwarded-For", address).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    throw new AssertionError("The stream for " + address + " answered " + response.statusCode() + ": "
                            + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
                }
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
                return new Watcher(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void read() {
            try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String event = "message";
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        event = "message";
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:") && "totals".equals(event)) {
                        funds.set(JSON.readTree(line.substring(5).strip()).get("currentFunds").decimalValue());
                        events++;
                    }
                }
                if (!closed.get()) {
                    failure.set("the stream ended");
                }
            } catch (IOException broken) {
                if (!closed.get()) {
                    failure.set(broken.toString());
                }
            }
        }

        BigDecimal funds() {
            return funds.get();
        }

        int events() {
            return events;
        }

        String failure() {
            return failure.get();
        }

        @Override
        public void close() {
            closed.set(true);
            try {
                body.close();
            } catch (IOException ignored) {
                // gone already
            }
        }
    }
}
