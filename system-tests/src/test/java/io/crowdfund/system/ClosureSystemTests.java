package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CloseCampaign;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceJar;
import io.crowdfund.testsupport.TestMessages;
import tools.jackson.databind.JsonNode;

/**
 * Closing at the deadline and all-or-nothing settlement across wallet-, campaign-, pledge- and
 * closure-service, each its own process: through HTTP only, plus a crash of closure-service in the
 * middle and a second closure-service replica racing the first.
 */
class ClosureSystemTests {

    private static final Duration SETTLES = Duration.ofSeconds(90);
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = new Platform(Map.of("PLEDGE_STEP_TIMEOUT", "5s", "PLEDGE_SCAN_INTERVAL", "1s")).start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void refundsEveryBackerOfAFailedCampaignToTheCent() {
        var owner = platform.user("0");
        List<Platform.User> backers = List.of(platform.user("100.00"), platform.user("100.00"), platform.user("100.00"));
        String campaign = campaignClosingSoon(owner, "1000");
        List<String> pledges = new ArrayList<>();
        for (var backer : backers) {
            pledges.add(confirmed(backer, campaign, "33.33"));
        }
        var closure = awaitSettled(campaign);
        assertThat(closure.get("outcome").asString()).isEqualTo("FAILED");
        assertThat(closure.get("pledgesSettled").asLong()).isEqualTo(3);
        assertThat(closure.get("amountRefunded").decimalValue()).isEqualByComparingTo("99.99");
        for (int i = 0; i < backers.size(); i++) {
            assertThat(wallet(backers.get(i))).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00"));
            assertThat(status(backers.get(i), pledges.get(i))).isEqualTo("REFUNDED");
        }
        assertThat(wallet(owner)).containsExactly(new BigDecimal("0.00"), new BigDecimal("0.00"));
        assertBalanced();
    }

    @Test
    void paysASuccessfulCampaignToItsOwnerAndCollectsEveryPledge() {
        var owner = platform.user("0");
        var first = platform.user("100.00");
        var second = platform.user("100.00");
        String campaign = campaignClosingSoon(owner, "50");
        String one = confirmed(first, campaign, "30.00");
        String two = confirmed(second, campaign, "25.50");
        var closure = awaitSettled(campaign);
        assertThat(closure.get("outcome").asString()).isEqualTo("SUCCESSFUL");
        assertThat(closure.get("amountPaidOut").decimalValue()).isEqualByComparingTo("55.50");
        assertThat(wallet(owner)).containsExactly(new BigDecimal("55.50"), new BigDecimal("0.00"));
        assertThat(wallet(first)).containsExactly(new BigDecimal("70.00"), new BigDecimal("0.00"));
        assertThat(wallet(second)).containsExactly(new BigDecimal("74.50"), new BigDecimal("0.00"));
        assertThat(status(first, one)).isEqualTo("COLLECTED");
        assertThat(status(second, two)).isEqualTo("COLLECTED");
        assertThat(transactionTypes(owner)).containsExactly("PAYOUT");
        assertBalanced();
    }

    @Test
    void resumesAfterClosureServiceCrashesMidSettlementWithoutPayingTwice() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        String campaign = platform.campaign(owner, "10", 10).json().get("id").asString();
        confirmed(backer, campaign, "40.00");
        String operator = platform.operatorToken();
        // closure-service learns of a campaign from campaign-service's events, which may lag under load
        await().atMost(SETTLES).until(() -> platform.closures().get("/closures/" + campaign, null).status() == 200);
        assertThat(platform.closures().post("/closures/" + campaign + "/close", operator, "").status()).isEqualTo(202);
        await().atMost(SETTLES).until(() -> !"CLOSING".equals(closureOf(campaign).get("state").asString()));
        platform.closure.kill();
        platform.closure.start();
        var closure = awaitSettled(campaign);
        assertThat(closure.get("amountPaidOut").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(wallet(owner)).containsExactly(new BigDecimal("40.00"), new BigDecimal("0.00"));
        assertThat(transactionTypes(owner)).containsExactly("PAYOUT");
        assertBalanced();
    }

    @Test
    void closesEachCampaignOnceWithTwoClosureReplicas() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        try (ServiceJar second = platform.closureInstance().start()) {
            List<String> campaigns = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String campaign = campaignClosingSoon(owner, "10");
                confirmed(backer, campaign, "10.00");
                campaigns.add(campaign);
            }
            campaigns.forEach(ClosureSystemTests::awaitSettled);
            var asked = TestMessages.payloads(TestMessages.readUntil(CampaignChannels.COMMANDS, Duration.ofSeconds(30),
                    read -> TestMessages.payloads(read, CloseCampaign.class).size() >= campaigns.size()), CloseCampaign.class);
            for (String campaign : campaigns) {
                assertThat(asked).filteredOn(c -> c.campaignId().equals(UUID.fromString(campaign))).as("closed once").hasSize(1);
            }
        }
        assertThat(wallet(owner).get(0)).isEqualByComparingTo("50.00");
        assertBalanced();
    }

    private static String campaignClosingSoon(Platform.User owner, String goal) {
        return platform.campaign(owner, goal, 10, Instant.now().plus(Duration.ofSeconds(12))).json().get("id").asString();
    }

    private static String confirmed(Platform.User backer, String campaign, String amount) {
        Response pledge = platform.pledges().post("/pledges", backer.token(), "{\"campaignId\": \"%s\", \"amount\": %s}".formatted(campaign, amount),
                "Prefer", "wait=10");
        assertThat(pledge.status()).as(pledge.body()).isEqualTo(201);
        return pledge.json().get("id").asString();
    }

    private static JsonNode closureOf(String campaign) {
        return platform.closures().get("/closures/" + campaign, null).json();
    }

    private static JsonNode awaitSettled(String campaign) {
        await().atMost(SETTLES).until(() -> "SETTLED".equals(closureOf(campaign).path("state").asString()));
        return closureOf(campaign);
    }

    private static String status(Platform.User backer, String pledge) {
        return platform.pledges().get("/pledges/" + pledge, backer.token()).json().get("status").asString();
    }

    private static List<BigDecimal> wallet(Platform.User user) {
        var json = platform.wallets().get("/wallets/me", user.token()).json();
        return List.of(json.get("balance").decimalValue(), json.get("reserved").decimalValue());
    }

    private static List<String> transactionTypes(Platform.User user) {
        List<String> types = new ArrayList<>();
        platform.wallets().get("/wallets/me/transactions", user.token()).json().get("content").forEach(row -> types.add(row.get("type").asString()));
        return types;
    }

    private static void assertBalanced() {
        var report = platform.wallets().get("/wallets/reconciliation", platform.operatorToken()).json();
        assertThat(report.get("balanced").asBoolean()).as(report.toString()).isTrue();
    }
}
