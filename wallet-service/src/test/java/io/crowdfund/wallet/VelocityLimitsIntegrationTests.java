package io.crowdfund.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestTokens;
import io.crowdfund.web.TooManyRequests;
import io.crowdfund.web.VelocityLimits;
import io.crowdfund.web.VelocityProperties;

/**
 * Velocity limits of deposits and registrations, kept in PostgreSQL: with a limit of 3, three
 * requests pass and the fourth is a 429 problem with Retry-After that wrote nothing; two replicas'
 * buckets on the same database share the count.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "crowdfund.velocity.limits.deposits-per-user.capacity=3",
        "crowdfund.velocity.limits.deposit-amount-per-user.capacity=1000",
        "crowdfund.velocity.limits.registrations-per-address.capacity=3",
        // a second context of this service: its listeners would only take partitions from the other one's
        "spring.kafka.listener.auto-startup=false"})
class VelocityLimitsIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient sql;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void forgetRegistrationsOfEarlierRuns() {
        // the registrations' bucket is keyed by the client address, the same in every run against this database
        sql.sql("delete from velocity.buckets where id like 'registrations-per-address@3/%'").update();
    }

    @Test
    void refusesTheFourthRegistrationFromAnAddressWithin429AndRetryAfterWritingNothing() {
        for (int i = 0; i < 3; i++) {
            assertThat(register(WalletUsers.uniqueName("velocity")).statusCode()).isEqualTo(201);
        }
        String fourth = WalletUsers.uniqueName("velocity");
        HttpResponse<String> refused = register(fourth);
        assertRefusedWithRetryAfter(refused, Duration.ofHours(1));
        assertThat(sql.sql("select count(*) from users where username = ?").param(fourth).query(Long.class).single()).isZero();
    }

    @Test
    void refusesTheFourthDepositOfADayWith429AndRetryAfterWritingNothing() {
        UUID user = UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            assertThat(deposit(user, "1.00", "key-" + i).statusCode()).isEqualTo(201);
        }
        assertRefusedWithRetryAfter(deposit(user, "1.00", "key-4"), Duration.ofDays(1));
        assertThat(ledgerRows(user)).isEqualTo(3);
        assertThat(sql.sql("select count(*) from deposit_requests where user_id = ? and idempotency_key = 'key-4'").param(user)
                .query(Long.class).single()).isZero();
        assertThat(sql.sql("select balance from wallets where user_id = ?").param(user).query(String.class).single()).isEqualTo("3.00");
    }

    @Test
    void refusesADepositBeyondTheDailyAmountWithoutUsingUpTheCount() {
        UUID user = UUID.randomUUID();
        assertThat(deposit(user, "600.00", "a").statusCode()).isEqualTo(201);
        assertRefusedWithRetryAfter(deposit(user, "500.00", "b"), Duration.ofDays(1));
        assertThat(deposit(user, "300.00", "c").statusCode()).isEqualTo(201);
        assertRefusedWithRetryAfter(deposit(user, "200.00", "d"), Duration.ofDays(1));
        // two refused by amount gave their count back: the third deposit of the day still passes
        assertThat(deposit(user, "100.00", "e").statusCode()).isEqualTo(201);
        assertThat(ledgerRows(user)).isEqualTo(3);
    }

    @Test
    void twoReplicasOnTheSameDatabaseShareTheCount() {
        var properties = new VelocityProperties(Map.of("pings", new VelocityProperties.Limit(3, Duration.ofMinutes(1))), Duration.ofMinutes(10));
        var replicaA = new VelocityLimits(VelocityLimits.bucketsIn(dataSource), properties);
        var replicaB = new VelocityLimits(VelocityLimits.bucketsIn(dataSource), properties);
        UUID user = UUID.randomUUID();
        replicaA.take("pings", user);
        replicaB.take("pings", user);
        replicaA.take("pings", user);
        assertThatThrownBy(() -> replicaB.take("pings", user)).isInstanceOf(TooManyRequests.class)
                .satisfies(e -> assertThat(((TooManyRequests) e).retryAfterSeconds()).isBetween(1L, 60L));
        assertThatThrownBy(() -> replicaA.take("pings", user)).isInstanceOf(TooManyRequests.class);
        replicaB.take("pings", UUID.randomUUID());
    }

    private static void assertRefusedWithRetryAfter(HttpResponse<String> response, Duration atMost) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":429");
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, atMost.toSeconds());
    }

    private long ledgerRows(UUID user) {
        return sql.sql("select count(*) from ledger where user_id = ?").param(user).query(Long.class).single();
    }

    private HttpResponse<String> register(String username) {
        return send(HttpRequest.newBuilder(uri("/users")).POST(HttpRequest.BodyPublishers.ofString(
                WalletUsers.registration(username, username + "@example.com", WalletUsers.PASSWORD))));
    }

    private HttpResponse<String> deposit(UUID user, String amount, String key) {
        return send(HttpRequest.newBuilder(uri("/wallets/me/deposits"))
                .header("Authorization", "Bearer " + TestTokens.user(user)).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\": " + amount + "}")));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
