package io.crowdfund.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestTokens;

/**
 * Campaigns per user and day, a velocity limit kept in PostgreSQL: with a limit of 3, three campaigns
 * are created and the fourth is a 429 problem with Retry-After that wrote nothing. A malformed request
 * is refused before it counts.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "crowdfund.velocity.limits.campaigns-per-user.capacity=3",
        // a second context of this service: its listeners would only take partitions from the other one's
        "spring.kafka.listener.auto-startup=false"})
class CampaignVelocityIntegrationTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient sql;

    @Test
    void refusesTheFourthCampaignOfADayWith429AndRetryAfterWritingNothing() {
        UUID owner = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertThat(create(owner, "{}").statusCode()).isEqualTo(400);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(create(owner, CampaignFixtures.standard()).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> refused = create(owner, CampaignFixtures.standard());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_400L);
        assertThat(sql.sql("select count(*) from campaigns where owner_id = ?").param(owner).query(Long.class).single()).isEqualTo(3);
        assertThat(create(UUID.randomUUID(), CampaignFixtures.standard()).statusCode()).as("another owner's count").isEqualTo(201);
    }

    private HttpResponse<String> create(UUID owner, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/campaigns"))
                .header("Authorization", "Bearer " + TestTokens.user(owner)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
