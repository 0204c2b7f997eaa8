package io.crowdfund.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceJar;

/**
 * The services a cross-service benchmark needs, each from its executable jar as its own process with
 * the local stack's JVM options, on the embedded PostgreSQL and Kafka; and the API calls to set up.
 */
final class BenchPlatform implements AutoCloseable {

    /** As the local stack runs each service, with the full JIT; {@code SERVICE_JVM_OPTS} replaces them (e.g. to add a JFR recording). */
    static final String[] SERVICE_JVM = System.getenv().getOrDefault("SERVICE_JVM_OPTS", "-Xms128m -Xmx768m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djdk.virtualThreadScheduler.parallelism=1").trim().split("\\s+");
    static final String PASSWORD = "correct horse battery";

    final ServiceJar wallet;
    final ServiceJar campaign;
    final ServiceJar pledge;
    final List<ServiceJar> started = new ArrayList<>();
    private final Path root = Path.of("").toAbsolutePath();
    private final String jwks;

    BenchPlatform() {
        wallet = ServiceJar.of(root, "wallet-service", Map.of("OPERATOR_USERNAME", "operator", "OPERATOR_PASSWORD", "operator-pass",
                "LOGIN_ATTEMPTS_PER_ADDRESS", "1000000", "REGISTRATIONS_PER_ADDRESS_PER_HOUR", "1000000",
                "JWT_DEVELOPMENT_KEY", "true")).withJvmOptions(SERVICE_JVM);
        jwks = wallet.baseUrl() + "/.well-known/jwks.json";
        campaign = service("campaign-service");
        pledge = service("pledge-service");
    }

    ServiceJar service(String name) {
        return ServiceJar.of(root, name, Map.of("JWKS_URL", jwks, "PLEDGES_PER_USER_PER_MINUTE", "1000000")).withJvmOptions(SERVICE_JVM);
    }

    BenchPlatform start(ServiceJar... services) {
        for (ServiceJar service : services) {
            service.start();
            started.add(service);
        }
        return this;
    }

    HttpTestClient wallets() {
        return new HttpTestClient(wallet.baseUrl());
    }

    HttpTestClient campaigns() {
        return new HttpTestClient(campaign.baseUrl());
    }

    HttpTestClient pledges() {
        return new HttpTestClient(pledge.baseUrl());
    }

    /** Registers a user; returns the username. */
    String register() {
        String name = "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        wallets().post("/users", null, "{\"username\": \"%s\", \"email\": \"%s@example.com\", \"password\": \"%s\"}".formatted(name, name, PASSWORD));
        return name;
    }

    String token(String username) {
        return token(username, PASSWORD);
    }

    String token(String username, String password) {
        Response token = wallets().post("/auth/token", null, "{\"username\": \"%s\", \"password\": \"%s\"}".formatted(username, password));
        if (token.status() != 200) {
            throw new IllegalStateException("Login failed: " + token);
        }
        return token.json().get("accessToken").asString();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}
