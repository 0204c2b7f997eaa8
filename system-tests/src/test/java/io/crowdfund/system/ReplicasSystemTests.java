package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceJar;

/**
 * Two replicas of every service behind web-app, as {@code infra/local/run --replicas 2} runs them: each pair on
 * one database and consumer group, the wallet pair started at once with no signing key yet (each would generate
 * one), the gateway spreading requests over both. Pledges sent through the gateway while the second replica of
 * each service is killed in turn keep being accepted, and all become final with nothing lost or held twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasSystemTests {

    private static final Map<String, String> PLEDGE_SETTINGS = Map.of("PLEDGE_STEP_TIMEOUT", "5s", "PLEDGE_SCAN_INTERVAL", "1s",
            "PLEDGE_MAX_ATTEMPTS", "40");
    private static final String DEPOSIT = "100000.00";
    private static final int CLIENTS = 4;
    /** Pledges the gateway must accept after each kill, within {@link #FLOWING}. */
    private static final int AFTER_EACH_KILL = 15;
    private static final Duration FLOWING = Duration.ofSeconds(60);

    private static Platform platform;
    private static ServiceJar wallet2;
    private static ServiceJar campaign2;
    private static ServiceJar pledge2;
    private static ServiceJar closure2;
    private static ServiceJar notification1;
    private static ServiceJar notification2;
    private static ServiceJar webApp;
    private static HttpTestClient api;

    @BeforeAll
    static void start() {
        platform = new Platform(Map.of(), PLEDGE_SETTINGS);
        wallet2 = platform.walletReplica();
        campaign2 = platform.service("campaign-service", Map.of());
        pledge2 = platform.service("pledge-service", PLEDGE_SETTINGS);
        closure2 = platform.closureInstance();
        Map<String, String> notificationSettings = Map.of("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true", "SMTP_HOST", "127.0.0.1", "SMTP_PORT", "9",
                "WEBHOOK_SECRET_DEVELOPMENT_KEY_FILE", platform.root().resolve("target/system-tests/webhook-" + UUID.randomUUID()).toString());
        notification1 = platform.service("notification-service", notificationSettings);
        notification2 = platform.service("notification-service", notificationSettings);
        startTogether(platform.wallet, wallet2);
        startTogether(platform.campaign, campaign2, platform.pledge, pledge2, platform.closure, closure2);
        webApp = ServiceJar.of(platform.root(), "web-app", Map.of(
                "WALLET_SERVICE_URL", urls(platform.wallet, wallet2),
                "CAMPAIGN_SERVICE_URL", urls(platform.campaign, campaign2),
                "PLEDGE_SERVICE_URL", urls(platform.pledge, pledge2),
                "NOTIFICATION_SERVICE_URL", urls(notification1, notification2),
                "CLOSURE_SERVICE_URL", urls(platform.closure, closure2),
                "LOAD_BALANCER", "health-check")).start();
        // 5xx answers while a replica dies are not in the API document: the client resends them
        api = new HttpTestClient(webApp.baseUrl() + "/api").describedBy(null);
        awaitAPledgeConfirmed();
        startTogether(notification1, notification2);
    }

    @AfterAll
    static void stop() {
        Stream.of(webApp, notification1, notification2, closure2, pledge2, campaign2, wallet2).filter(Objects::nonNull)
                .forEach(ServiceJar::close);
        platform.close();
    }

    @Test
    @Order(1)
    void aTokenOneWalletReplicaSignedPassesOnTheOtherAndOnEveryService() {
        for (ServiceJar issuer : List.of(platform.wallet, wallet2)) {
            String name = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            var wallets = new HttpTestClient(issuer.baseUrl());
            Platform.require(wallets.post("/users", null, """
                    {"username": "%s", "email": "%s@example.com", "password": "%s"}""".formatted(name, name, Platform.PASSWORD)), 201);
            String token = Platform.require(wallets.post("/auth/token", null, """
                    {"username": "%s", "password": "%s"}""".formatted(name, Platform.PASSWORD)), 200).json().get("accessToken").asString();
            for (ServiceJar replica : List.of(platform.wallet, wallet2)) {
                assertThat(new HttpTestClient(replica.baseUrl()).get("/wallets/me", token).status())
                        .as("a token of %s at %s", issuer.baseUrl(), replica.baseUrl()).isEqualTo(200);
            }
            for (ServiceJar replica : List.of(platform.pledge, pledge2)) {
                assertThat(new HttpTestClient(replica.baseUrl()).get("/pledges?size=1", token).status())
                        .as("a token of %s at %s", issuer.baseUrl(), replica.baseUrl()).isEqualTo(200);
            }
        }
    }

    @Test
    @Order(2)
    void pledgesThroughTheGatewayKeepFlowingWhileOneReplicaOfEachServiceIsKilledAndAllBecomeFinal() throws Exception {
        var owner = platform.user("0");
        String campaignId = platform.campaign(owner, "1000000", 10).json().get("id").asString();
        List<Platform.User> backers = platform.users(CLIENTS * 2, DEPOSIT);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger accepted = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            ids.add(pledge(backers.get(client * 2 + i % 2), campaignId));
                            accepted.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
            }
            awaitAccepted(accepted, AFTER_EACH_KILL, failure);
            assertThat(pledgesServedBy(platform.pledge)).as("the first pledge-service replica took pledges").isPositive();
            assertThat(pledgesServedBy(pledge2)).as("the second too: the gateway spreads them").isPositive();
            for (ServiceJar replica : List.of(wallet2, campaign2, pledge2, notification2, closure2)) {
                replica.kill();
                awaitAccepted(accepted, AFTER_EACH_KILL, failure);
            }
            stop.set(true);
        }
        assertThat(failure.get()).as("every pledge accepted").isNull();

        BigDecimal confirmed = platform.settle(ids, backers, DEPOSIT, campaignId, Duration.ofMinutes(3));
        assertThat(confirmed).as("every pledge of 1.00 confirmed, once").isEqualByComparingTo(new BigDecimal(ids.size()));
        assertThat(ids).doesNotHaveDuplicates();
    }

    /** Waits until the gateway has accepted {@code more} pledges more than now. */
    private static void awaitAccepted(AtomicInteger accepted, int more, AtomicReference<Throwable> failure) {
        int target = accepted.get() + more;
        await().atMost(FLOWING).until(() -> failure.get() != null || accepted.get() >= target);
        assertThat(failure.get()).as("a pledge the gateway did not take").isNull();
    }

    /**
     * POSTs a pledge of 1.00 through the gateway and returns its id; a 5xx or no answer (a replica that just died, not yet
     * skipped) is sent again with the same Idempotency-Key, as the API asks.
     */
    private static String pledge(Platform.User backer, String campaignId) {
        String key = UUID.randomUUID().toString();
        AtomicReference<Response> answer = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                Response response = api.post("/pledges", backer.token(), "{\"campaignId\": \"%s\", \"amount\": 1.00}".formatted(campaignId),
                        "Idempotency-Key", key, "Prefer", "wait=10");
                answer.set(response);
                return response.status() < 500;
            } catch (UncheckedIOException noAnswer) {
                return false;
            }
        });
        Response response = answer.get();
        assertThat(response.status()).as(response.toString()).isIn(201, 202);
        return response.json().get("id").asString();
    }

    /** POST /pledges requests the replica answered, from its own metrics. */
    private static long pledgesServedBy(ServiceJar replica) {
        return new HttpTestClient(replica.baseUrl()).get("/actuator/prometheus", null).body().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"POST\"")
                        && line.contains("uri=\"/pledges\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Until a pledge through the gateway is confirmed: every consumer group has its partitions, every topic exists. */
    private static void awaitAPledgeConfirmed() {
        var owner = platform.user("0");
        var backer = platform.user("1000.00");
        String campaignId = platform.campaign(owner, "100", 10).json().get("id").asString();
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> api.post("/pledges", backer.token(),
                "{\"campaignId\": \"%s\", \"amount\": 1}".formatted(campaignId), "Prefer", "wait=10").status() == 201);
    }

    private static void startTogether(ServiceJar... services) {
        try (var starting = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture.allOf(Stream.of(services).map(service -> CompletableFuture.runAsync(service::start, starting))
                    .toArray(CompletableFuture[]::new)).join();
        }
    }

    private static String urls(ServiceJar... replicas) {
        return String.join(",", Stream.of(replicas).map(ServiceJar::baseUrl).toList());
    }
}
