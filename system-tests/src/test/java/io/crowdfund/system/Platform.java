package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceJar;

/** wallet-, campaign- and pledge-service, each its own process, on one Kafka broker and PostgreSQL server. */
final class Platform implements AutoCloseable {

    static final String PASSWORD = "correct horse battery";
    static final String OPERATOR_USERNAME = "operator";
    static final String OPERATOR_PASSWORD = "operator-pass";

    final ServiceJar wallet;
    final ServiceJar campaign;
    final ServiceJar pledge;
    final ServiceJar closure;
    private final Path root;
    private final Map<String, String> everyService;
    private final Map<String, String> walletEnvironment;
    private final String jwks;

    Platform(Map<String, String> pledgeSettings) {
        this(Map.of(), pledgeSettings);
    }

    /** With settings for every service (logging levels, say) and some for pledge-service only. */
    Platform(Map<String, String> everyService, Map<String, String> pledgeSettings) {
        this(everyService, Map.of(), pledgeSettings);
    }

    /** With settings for every service, some for wallet-service only and some for pledge-service only. */
    Platform(Map<String, String> everyService, Map<String, String> walletSettings, Map<String, String> pledgeSettings) {
        root = Path.of("").toAbsolutePath().getParent();
        this.everyService = everyService;
        // a generated development key kept in a file, as the local stack keeps one, so tokens outlive a restart of wallet-service
        String keyFile = root.resolve("target/system-tests/jwt-" + UUID.randomUUID() + ".pem").toString();
        walletEnvironment = new HashMap<>(Map.of("OPERATOR_USERNAME", OPERATOR_USERNAME,
                "OPERATOR_PASSWORD", OPERATOR_PASSWORD, "LOGIN_ATTEMPTS_PER_ADDRESS", "100000", "JWT_KEY_FILE", keyFile, "JWT_DEVELOPMENT_KEY", "true",
                "REGISTRATIONS_PER_ADDRESS_PER_HOUR", "100000"));
        walletEnvironment.putAll(walletSettings);
        wallet = ServiceJar.of(root, "wallet-service", withEveryServiceSettings(walletEnvironment));
        jwks = wallet.baseUrl() + "/.well-known/jwks.json";
        campaign = service("campaign-service", Map.of());
        pledge = service("pledge-service", pledgeSettings);
        closure = closureInstance();
    }

    /** The project's root, where the executable jars are built. */
    Path root() {
        return root;
    }

    /** Another wallet-service process on the shared wallet database and key file: a second replica, not yet started. */
    ServiceJar walletReplica() {
        return ServiceJar.of(root, "wallet-service", withEveryServiceSettings(walletEnvironment));
    }

    /** A closure-service process on the shared closure database (a second one is another replica). */
    ServiceJar closureInstance() {
        return service("closure-service", Map.of("CLOSURE_SCAN_INTERVAL", "200ms"));
    }

    /** A service process validating wallet-service's tokens, not yet started. */
    ServiceJar service(String name, Map<String, String> settings) {
        Map<String, String> withJwks = new HashMap<>(settings);
        withJwks.putIfAbsent("JWKS_URL", jwks);
        withJwks.putIfAbsent("PLEDGES_PER_USER_PER_MINUTE", "1000000"); // rushes of pledges by a few backers
        if (name.equals("notification-service")) {
            withJwks.putIfAbsent("WEBHOOK_SECRET_DEVELOPMENT_KEY", "true"); // webhook secrets under a key of the process
        }
        return ServiceJar.of(root, name, withEveryServiceSettings(withJwks));
    }

    private Map<String, String> withEveryServiceSettings(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(everyService);
        environment.putAll(settings);
        return environment;
    }

    /** Starts the services, then waits until a pledge goes all the way through (every consumer group has its partitions). */
    Platform start() {
        wallet.start();
        campaign.start();
        pledge.start();
        closure.start();
        User owner = user("0");
        User backer = user("1000.00");
        String campaignId = campaign(owner, "100", 10).json().get("id").asString();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            Response pledge = pledges().post("/pledges", backer.token(), "{\"campaignId\": \"%s\", \"amount\": 1}".formatted(campaignId),
                    "Prefer", "wait=10");
            if (pledge.status() == 201) {
                return this;
            }
        }
        throw new IllegalStateException("No pledge was confirmed within 2 minutes of the services starting");
    }

    HttpTestClient wallets() {
        return new HttpTestClient(wallet.baseUrl());
    }

    HttpTestClient campaigns() {
        return new HttpTestClient(campaign.baseUrl());
    }

    HttpTestClient closures() {
        return new HttpTestClient(closure.baseUrl());
    }

    HttpTestClient pledges() {
        return new HttpTestClient(pledge.baseUrl());
    }

    /** A registered user with a token, and a deposit if the amount is positive. */
    record User(UUID id, String token) {
    }

    User user(String deposit) {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Response created = wallets().post("/users", null, """
                {"username": "%s", "email": "%s@example.com", "password": "%s"}""".formatted(name, name, PASSWORD));
        require(created, 201);
        Response token = wallets().post("/auth/token", null, "{\"username\": \"%s\", \"password\": \"%s\"}".formatted(name, PASSWORD));
        require(token, 200);
        User user = new User(UUID.fromString(created.json().get("id").asString()), token.json().get("accessToken").asString());
        if (new BigDecimal(deposit).signum() > 0) {
            require(wallets().post("/wallets/me/deposits", user.token(), "{\"amount\": " + deposit + "}"), 201);
        }
        return user;
    }

    /** {@code count} registered users, each with the deposit. */
    List<User> users(int count, String deposit) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(user(deposit));
        }
        return users;
    }

    /** The user's wallet as {@code [balance, reserved]}. */
    List<BigDecimal> wallet(User user) {
        var json = wallets().get("/wallets/me", user.token()).json();
        return List.of(json.get("balance").decimalValue(), json.get("reserved").decimalValue());
    }

    String operatorToken() {
        Response token = wallets().post("/auth/token", null, "{\"username\": \"%s\", \"password\": \"%s\"}".formatted(OPERATOR_USERNAME, OPERATOR_PASSWORD));
        require(token, 200);
        return token.json().get("accessToken").asString();
    }

    /** A campaign with a limited tier (minimum 25, quantity as given) and a milestone; returns its JSON. */
    Response campaign(User owner, String goal, int limitedQuantity) {
        return campaign(owner, goal, limitedQuantity, Instant.now().plus(Duration.ofDays(7)));
    }

    Response campaign(User owner, String goal, int limitedQuantity, Instant deadline) {
        Response created = campaigns().post("/campaigns", owner.token(), """
                {"title": "Solar kiosk", "description": "Charges tablets", "category": "technology", "goal": %s,
                 "deadline": "%s", "rewardTiers": [{"title": "Early bird", "minimumAmount": 25, "quantityAvailable": %d}],
                 "milestones": [{"title": "Half way", "target": 50}]}""".formatted(goal, deadline, limitedQuantity));
        require(created, 201);
        return created;
    }

    /**
     * Sends {@code count} pledges of {@code amount} to the campaign from 4 threads, the backers taking
     * turns, without waiting for their outcome; runs {@code fault} once the {@code faultAt}-th is sent.
     * Returns the pledges' ids (each POST must be accepted: 202).
     */
    List<String> pledgeWhile(List<User> backers, String campaignId, String amount, int count, int faultAt, Runnable fault)
            throws Exception {
        List<Future<Response>> sent = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < count; i++) {
                var backer = backers.get(i % backers.size());
                sent.add(pool.submit(() -> pledges().post("/pledges", backer.token(),
                        "{\"campaignId\": \"%s\", \"amount\": %s}".formatted(campaignId, amount))));
                if (i == faultAt) {
                    fault.run();
                }
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<Response> response : sent) {
            ids.add(require(response.get(), 202).json().get("id").asString());
        }
        return ids;
    }

    /**
     * Waits until none of the pledges is PENDING, then checks that nothing happened twice or was
     * lost: the campaign counts exactly the confirmed pledges, each backer still has its deposit
     * between balance and reserved, the backers' reserved money is exactly the confirmed pledges (no
     * double hold) and the wallet ledger reconciles. Returns the confirmed sum.
     */
    BigDecimal settle(List<String> ids, List<User> backers, String deposit, String campaignId, Duration within) {
        String operator = operatorToken();
        await().atMost(within).until(() -> ids.stream()
                .allMatch(id -> !"PENDING".equals(pledges().get("/pledges/" + id, operator).json().get("status").asString())));
        BigDecimal confirmed = BigDecimal.ZERO;
        for (String id : ids) {
            var pledge = pledges().get("/pledges/" + id, operator).json();
            if ("CONFIRMED".equals(pledge.get("status").asString())) {
                confirmed = confirmed.add(pledge.get("amount").decimalValue());
            }
        }
        assertThat(campaigns().get("/campaigns/" + campaignId, null).json().get("currentFunds").decimalValue())
                .isEqualByComparingTo(confirmed);
        BigDecimal reserved = BigDecimal.ZERO;
        for (var backer : backers) {
            List<BigDecimal> wallet = wallet(backer);
            assertThat(wallet.get(0).add(wallet.get(1))).isEqualByComparingTo(deposit);
            reserved = reserved.add(wallet.get(1));
        }
        assertThat(reserved).isEqualByComparingTo(confirmed);
        var reconciliation = wallets().get("/wallets/reconciliation", operator).json();
        assertThat(reconciliation.get("balanced").asBoolean()).as(reconciliation.toString()).isTrue();
        return confirmed;
    }

    static Response require(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("Expected " + status + " but got " + response);
        }
        return response;
    }

    @Override
    public void close() {
        closure.close();
        pledge.close();
        campaign.close();
        wallet.close();
    }
}
