package io.crowdfund.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestInfrastructureInitializer;

/**
 * Failed logins are limited per username (3 here) and per client address (5), in buckets both
 * replicas share in PostgreSQL: this test's own service (replica A, which trusts loopback, where the
 * test connects from, as a proxy) and a second one on the same database (replica B, which trusts only
 * 10.0.0.0/8, so a request from loopback saying X-Forwarded-For is a client naming an address of its
 * choosing, not a proxy).
 */
@IntegrationTest
@TestPropertySource(properties = {
        "crowdfund.velocity.limits.failed-logins-per-username.capacity=3",
        "crowdfund.velocity.limits.failed-logins-per-username.period=1h",
        "crowdfund.velocity.limits.failed-logins-per-address.capacity=5",
        "crowdfund.velocity.limits.failed-logins-per-address.period=1h",
        // a second context of this service: its listeners would only take partitions from the other one's
        "spring.kafka.listener.auto-startup=false"})
class LoginThrottleIntegrationTests {

    private static final List<String> LIMITS = List.of(
            "--crowdfund.velocity.limits.failed-logins-per-username.capacity=3",
            "--crowdfund.velocity.limits.failed-logins-per-username.period=1h",
            "--crowdfund.velocity.limits.failed-logins-per-address.capacity=5",
            "--crowdfund.velocity.limits.failed-logins-per-address.period=1h",
            "--spring.kafka.listener.auto-startup=false");
    private static ConfigurableApplicationContext replicaB;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient sql;

    @BeforeEach
    void forgetEarlierRuns() {
        // buckets are keyed by username and address, and the addresses are the same in every run against this database
        sql.sql("delete from velocity.buckets where id like 'failed-logins-per-%@3/PT1H:%' or id like 'failed-logins-per-%@5/PT1H:%'").update();
    }

    @AfterAll
    static void stopReplicaB() {
        if (replicaB != null) {
            replicaB.close();
        }
    }

    @Test
    void aSuccessfulLoginDoesNotCountAgainstTheUsername() {
        String ada = registered("ada");
        assertThat(logIn(replicaA(), ada, "guess-1", "203.0.113.1").status()).isEqualTo(401);
        assertThat(logIn(replicaA(), ada, "guess-2", "203.0.113.1").status()).isEqualTo(401);
        for (int i = 0; i < 3; i++) { // had these counted, the third failure below would already be refused
            assertThat(logIn(replicaA(), ada, WalletUsers.PASSWORD, "203.0.113.1").status()).isEqualTo(200);
        }
        assertThat(logIn(replicaA(), ada, "guess-3", "203.0.113.1").status()).isEqualTo(401);
        assertRefused(logIn(replicaA(), ada, WalletUsers.PASSWORD, "203.0.113.1"));
    }

    @Test
    void failuresLockOnlyTheirUsernameAndOnlyTheirAddress() {
        String alice = registered("alice");
        String bob = registered("bob");
        for (int i = 1; i <= 3; i++) {
            assertThat(logIn(replicaA(), alice, "guess-" + i, "203.0.113." + i).status()).isEqualTo(401);
        }
        assertRefused(logIn(replicaA(), alice, WalletUsers.PASSWORD, "203.0.113.9"));
        assertThat(logIn(replicaA(), bob, WalletUsers.PASSWORD, "203.0.113.1").status()).as("another username, from the same address").isEqualTo(200);

        for (int i = 1; i <= 5; i++) { // five usernames, one address
            assertThat(logIn(replicaA(), "nobody_" + i, "guess", "198.51.100.7").status()).isEqualTo(401);
        }
        assertRefused(logIn(replicaA(), bob, WalletUsers.PASSWORD, "198.51.100.7"));
        assertThat(logIn(replicaA(), bob, WalletUsers.PASSWORD, "198.51.100.8").status()).as("another address").isEqualTo(200);
    }

    @Test
    void countsTheForwardedAddressOnlyWhenATrustedProxySendsIt() {
        for (int i = 1; i <= 5; i++) {
            assertThat(logIn(replicaA(), "nobody_" + i, "guess", "192.0.2.10").status()).isEqualTo(401);
        }
        assertRefused(logIn(replicaA(), "nobody_6", "guess", "192.0.2.10"));
        assertThat(logIn(replicaA(), "nobody_6", "guess", "192.0.2.11").status()).isEqualTo(401);

        // replica B does not trust the test's loopback connection: the header is ignored, whatever it names, and every
        // failure counts against 127.0.0.1
        for (int i = 1; i <= 5; i++) {
            assertThat(logIn(replicaB(), "nobody_" + i, "guess", "192.0.2." + (100 + i)).status()).isEqualTo(401);
        }
        assertRefused(logIn(replicaB(), "nobody_6", "guess", "192.0.2.200"));
        assertRefused(logIn(replicaB(), "nobody_6", "guess", null));
    }

    @Test
    void twoReplicasOnOneDatabaseShareTheCount() {
        String carol = registered("carol");
        assertThat(logIn(replicaA(), carol, "guess-1", "203.0.113.20").status()).isEqualTo(401);
        assertThat(logIn(replicaB(), carol, "guess-2", null).status()).isEqualTo(401);
        assertThat(logIn(replicaA(), carol, "guess-3", "203.0.113.21").status()).isEqualTo(401);
        assertRefused(logIn(replicaB(), carol, WalletUsers.PASSWORD, null));
        assertRefused(logIn(replicaA(), carol, WalletUsers.PASSWORD, "203.0.113.22"));
    }

    private HttpTestClient replicaA() {
        return HttpTestClient.local(port);
    }

    private static synchronized HttpTestClient replicaB() {
        if (replicaB == null) {
            List<String> arguments = new ArrayList<>(LIMITS);
            arguments.addAll(List.of("--server.port=0", "--TRUSTED_PROXIES=10.0.0.0/8"));
            replicaB = new SpringApplicationBuilder(WalletApplication.class).initializers(new TestInfrastructureInitializer())
                    .run(arguments.toArray(String[]::new));
        }
        return HttpTestClient.local(replicaB.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
    }

    private String registered(String prefix) {
        return new WalletUsers(replicaA()).register(prefix).username();
    }

    private static Response logIn(HttpTestClient replica, String username, String password, String forwardedFor) {
        String credentials = WalletUsers.credentials(username, password);
        return forwardedFor == null ? replica.post("/auth/token", null, credentials)
                : replica.post("/auth/token", null, credentials, "X-Forwarded-For", forwardedFor);
    }

    private static void assertRefused(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.isProblem()).isTrue();
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isBetween(1L, 3600L);
    }
}
