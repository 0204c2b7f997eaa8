package io.crowdfund.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.ClaimPledge;
import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code GET /campaigns/{id}} served from memory. The reads are kept for an hour here, so a read
 * that changes can only have been refreshed by the campaign's event or by this replica's own write
 * (CampaignServiceIntegrationTests shows the default max-age refreshing a change no event told).
 */
@IntegrationTest
@TestPropertySource(properties = "crowdfund.campaign.reads.max-age=1h")
class CampaignReadsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestMessages messages = new TestMessages();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    HttpTestClient http() {
        return HttpTestClient.local(port);
    }

    @Test
    void answersWithAnEtagAndMaxAgeAndAMatchingIfNoneMatchWithNotModified() {
        var campaign = new CampaignFixtures(http()).create(UUID.randomUUID());
        String path = "/campaigns/" + campaign.id();

        Response first = http().get(path, null);
        assertThat(first.status()).isEqualTo(200);
        String etag = first.header("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(first.header("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("max-age=3600", "public"));

        Response same = http().get(path, null, "If-None-Match", etag);
        assertThat(same.status()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(same.header("ETag")).contains(etag);
        assertThat(http().get(path, null, "If-None-Match", "\"0123456789abcdef0123456789abcdef\"").status()).isEqualTo(200);
        assertThat(http().get("/campaigns/" + UUID.randomUUID(), null, "If-None-Match", etag).status()).isEqualTo(404);
    }

    @Test
    void readsTheCampaignAfreshOnceItsEventSaysTheTotalsChanged() {
        var campaign = new CampaignFixtures(http()).create(UUID.randomUUID());
        String path = "/campaigns/" + campaign.id();
        Response before = http().get(path, null);
        assertThat(before.json().get("currentFunds").decimalValue()).isEqualByComparingTo("0");

        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(),
                new ClaimPledge(UUID.randomUUID(), campaign.id(), UUID.randomUUID(), new BigDecimal("25.00"), campaign.limitedTier()));

        await().atMost(WAIT).untilAsserted(() -> assertThat(http().get(path, null).json().get("currentFunds").decimalValue())
                .isEqualByComparingTo("25.00"));
        Response after = http().get(path, null);
        assertThat(after.json().get("backerCount").asInt()).isEqualTo(1);
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(http().get(path, null, "If-None-Match", before.header("ETag").orElseThrow()).status()).isEqualTo(200);
    }

    @Test
    void readsTheOwnersEditsAtOnce() {
        UUID owner = UUID.randomUUID();
        var campaign = new CampaignFixtures(http()).create(owner);
        String path = "/campaigns/" + campaign.id();
        assertThat(http().get(path, null).json().get("title").asString()).isNotEqualTo("Two kiosks");

        assertThat(http().patch(path, TestTokens.user(owner), "{\"title\": \"Two kiosks\"}").status()).isEqualTo(200);
        assertThat(http().get(path, null).json().get("title").asString()).isEqualTo("Two kiosks");
        assertThat(http().post(path + "/reward-tiers", TestTokens.user(owner), "{\"title\": \"Late bird\", \"minimumAmount\": 30}").status())
                .isEqualTo(201);
        assertThat(http().get(path, null).json().get("rewardTiers").findValuesAsString("title")).contains("Late bird");
        assertThat(http().post(path + "/milestones", TestTokens.user(owner), "{\"title\": \"Third kiosk\", \"target\": 300}").status())
                .isEqualTo(201);
        assertThat(http().get(path, null).json().get("milestones").findValuesAsString("title")).contains("Third kiosk");
    }

    @Test
    void servesRepeatedReadsFromMemory() {
        var campaign = new CampaignFixtures(http()).create(UUID.randomUUID());
        double hitsBefore = hits();

        for (int read = 0; read < 5; read++) {
            assertThat(http().get("/campaigns/" + campaign.id(), null).status()).isEqualTo(200);
        }

        // the first read loads it; the campaign's one event so far (created) may make one more read load it again
        assertThat(hits() - hitsBefore).isGreaterThanOrEqualTo(3);
    }

    private double hits() {
        return meters.get("cache.gets").tag("cache", "campaign.reads").tag("result", "hit").functionCounter().count();
    }
}
