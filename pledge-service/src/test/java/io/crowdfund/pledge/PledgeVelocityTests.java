package io.crowdfund.pledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestTokens;

/** A backer beyond PLEDGES_PER_USER_PER_MINUTE (here 2) over HTTP: a 429 problem with Retry-After, nothing written; others go on. */
@IntegrationTest
@TestPropertySource(properties = "crowdfund.pledge.pledges-per-backer.capacity=2")
class PledgeVelocityTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient sql;

    @Test
    void refusesTheBackersThirdPledgeOfTheMinuteWritingNothing() {
        HttpTestClient http = HttpTestClient.local(port);
        UUID backer = UUID.randomUUID();
        String body = "{\"campaignId\": \"%s\", \"amount\": 5}".formatted(UUID.randomUUID());
        assertThat(http.post("/pledges", TestTokens.user(backer), body).status()).isEqualTo(202);
        assertThat(http.post("/pledges", TestTokens.user(backer), body).status()).isEqualTo(202);

        Response third = http.post("/pledges", TestTokens.user(backer), body, "Idempotency-Key", "third");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.isProblem()).isTrue();
        assertThat(third.header("Retry-After")).hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 30L));
        assertThat(sql.sql("select count(*) from pledges where backer_id = ?").param(backer).query(Long.class).single()).isEqualTo(2);
        assertThat(sql.sql("select count(*) from pledges where idempotency_key = 'third'").query(Long.class).single()).isZero();
        assertThat(http.post("/pledges", TestTokens.user(UUID.randomUUID()), body).status()).as("another backer").isEqualTo(202);
    }
}
