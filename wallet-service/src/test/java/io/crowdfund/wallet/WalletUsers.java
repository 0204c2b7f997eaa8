package io.crowdfund.wallet;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;

/** Registers users and logs them in through the public API. */
record WalletUsers(HttpTestClient http) {

    static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    record Registered(UUID id, String username, String token) {
    }

    static String uniqueName(String prefix) {
        return prefix + "_" + SEQUENCE.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String registration(String username, String email, String password) {
        return """
                {"username": "%s", "email": "%s", "password": "%s"}""".formatted(username, email, password);
    }

    static String credentials(String username, String password) {
        return """
                {"username": "%s", "password": "%s"}""".formatted(username, password);
    }

    Registered register(String prefix) {
        String name = uniqueName(prefix);
        Response created = http.post("/users", null, registration(name, name + "@example.com", PASSWORD));
        if (created.status() != 201) {
            throw new AssertionError("Registration failed: " + created);
        }
        return new Registered(UUID.fromString(created.json().get("id").asString()), name, login(name, PASSWORD));
    }

    String login(String username, String password) {
        Response token = http.post("/auth/token", null, credentials(username, password));
        if (token.status() != 200) {
            throw new AssertionError("Login failed: " + token);
        }
        return token.json().get("accessToken").asString();
    }
}
