package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
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
import io.crowdfund.testsupport.TestMessages;

/**
 * The pledge saga end to end, through HTTP only: wallet-, campaign- and pledge-service run from
 * their jars as separate processes on one real Kafka broker and real PostgreSQL.
 */
class PledgeSagaSystemTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Platform platform;

    @BeforeAll
    static void start() {
        // steps re-asked every 5 s for up to 200 s: long enough to outlive a participant's restart
        platform = new Platform(Map.of("PLEDGE_STEP_TIMEOUT", "5s", "PLEDGE_SCAN_INTERVAL", "1s", "PLEDGE_MAX_ATTEMPTS", "40")).start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void confirmsAPledgeHoldingTheMoneyAndCountingIt() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        var campaign = platform.campaign(owner, "100", 10);
        String campaignId = campaign.json().get("id").asString();
        String tier = campaign.json().get("rewardTiers").get(0).get("id").asString();

        Response pledge = pledge(backer, campaignId, "60.00", tier, null);
        assertThat(pledge.status()).isEqualTo(201);
        assertThat(pledge.json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(platform.wallet(backer)).containsExactly(new BigDecimal("40.00"), new BigDecimal("60.00"));
        var detail = platform.campaigns().get("/campaigns/" + campaignId, null).json();
        assertThat(detail.get("currentFunds").decimalValue()).isEqualByComparingTo("60.00");
        assertThat(detail.get("backerCount").asInt()).isEqualTo(1);
        assertThat(detail.get("rewardTiers").get(0).get("quantityClaimed").asInt()).isEqualTo(1);
        assertThat(detail.get("milestones").get(0).get("achieved").asBoolean()).isTrue();
        String id = pledge.json().get("id").asString();
        assertThat(platform.pledges().get("/pledges/" + id, owner.token()).status()).as("the owner sees it").isEqualTo(200);
        assertThat(platform.pledges().get("/pledges/" + id, platform.user("0").token()).status()).as("a stranger does not: as if it did not exist").isEqualTo(404);
        assertThat(platform.pledges().get("/actuator/prometheus", null).body()).as("the saga's latency, by outcome, for operators")
                .contains("pledge_saga_duration_seconds_count{application=\"pledge-service\",status=\"CONFIRMED\"}")
                .contains("pledge_saga_duration_seconds_bucket");
    }

    @Test
    void rejectsForInsufficientFundsHoldingNothingAndRevokesTheClaimMadeMeanwhile() {
        var owner = platform.user("0");
        var backer = platform.user("10.00");
        var campaign = platform.campaign(owner, "100", 1);
        String campaignId = campaign.json().get("id").asString();
        String tier = campaign.json().get("rewardTiers").get(0).get("id").asString();
        Response pledge = pledge(backer, campaignId, "30.00", tier, null);
        assertThat(pledge.status()).isEqualTo(200);
        assertThat(pledge.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(pledge.json().get("rejectionReason").asString()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(platform.wallet(backer)).containsExactly(new BigDecimal("10.00"), new BigDecimal("0.00"));
        // the claim was asked with the reserve and taken back: the totals and the tier's one unit are as before
        var detail = platform.campaigns().get("/campaigns/" + campaignId, null).json();
        assertThat(detail.get("currentFunds").decimalValue()).isEqualByComparingTo("0");
        assertThat(detail.get("backerCount").asInt()).isZero();
        assertThat(detail.get("rewardTiers").get(0).get("quantityClaimed").asInt()).isZero();
        var funded = platform.user("100.00");
        assertThat(pledge(funded, campaignId, "30.00", tier, null).json().get("status").asString()).as("the unit is free again")
                .isEqualTo("CONFIRMED");
    }

    @Test
    void rejectsASoldOutTierAndReleasesTheHold() {
        var owner = platform.user("0");
        var first = platform.user("100.00");
        var second = platform.user("100.00");
        var campaign = platform.campaign(owner, "100", 1);
        String campaignId = campaign.json().get("id").asString();
        String tier = campaign.json().get("rewardTiers").get(0).get("id").asString();
        assertThat(pledge(first, campaignId, "30.00", tier, null).json().get("status").asString()).isEqualTo("CONFIRMED");
        Response soldOut = pledge(second, campaignId, "30.00", tier, null);
        assertThat(soldOut.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(soldOut.json().get("rejectionReason").asString()).isEqualTo("REWARD_SOLD_OUT");
        assertThat(platform.wallet(second)).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00"));
        assertThat(transactionTypes(second)).containsExactly("PLEDGE_RELEASE", "PLEDGE", "DEPOSIT");
    }

    @Test
    void refusesOrRejectsBelowTheTierMinimumWithNothingHeld() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        var campaign = platform.campaign(owner, "100", 10);
        Response below = pledge(backer, campaign.json().get("id").asString(), "24.99",
                campaign.json().get("rewardTiers").get(0).get("id").asString(), null);
        // refused at once when pledge-service's replica already knows the tier, else rejected by the saga
        if (below.status() == 400) {
            assertThat(below.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        } else {
            assertThat(below.json().get("rejectionReason").asString()).isEqualTo("BELOW_REWARD_MINIMUM");
        }
        assertThat(platform.wallet(backer)).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00"));
    }

    @Test
    void rejectsPledgesToAClosedCampaignWithNothingHeld() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        String campaignId = platform.campaign(owner, "100", 10).json().get("id").asString();
        try (var messages = new TestMessages()) {
            // what closure-service asks at the deadline
            messages.publish(CampaignChannels.COMMANDS, campaignId, new CloseCampaign(UUID.fromString(campaignId)));
        }
        await().atMost(WAIT).until(() -> !"ACTIVE".equals(platform.campaigns().get("/campaigns/" + campaignId, null).json().get("status").asString()));
        Response late = pledge(backer, campaignId, "10.00", null, null);
        if (late.status() == 409) {
            assertThat(late.isProblem()).isTrue();
        } else {
            assertThat(late.json().get("rejectionReason").asString()).isEqualTo("CAMPAIGN_NOT_ACTIVE");
        }
        assertThat(platform.wallet(backer)).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00"));
    }

    @Test
    void answersARepeatedIdempotencyKeyWithTheSamePledge() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        String campaignId = platform.campaign(owner, "100", 10).json().get("id").asString();
        String key = UUID.randomUUID().toString();
        Response first = pledge(backer, campaignId, "10.00", null, key);
        Response again = pledge(backer, campaignId, "10", null, key);
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(again.json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(pledge(backer, campaignId, "11.00", null, key).status()).isEqualTo(422);
        assertThat(platform.wallet(backer)).containsExactly(new BigDecimal("90.00"), new BigDecimal("10.00"));
    }

    @Test
    void cancelsAConfirmedPledgeRefundingItAndReversingTheTotals() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        String campaignId = platform.campaign(owner, "100", 10).json().get("id").asString();
        String id = pledge(backer, campaignId, "60.00", null, null).json().get("id").asString();
        assertThat(platform.pledges().delete("/pledges/" + id, platform.user("0").token()).status()).as("only its backer; to a stranger it does not exist").isEqualTo(404);
        Response cancelled = platform.pledges().delete("/pledges/" + id, backer.token());
        assertThat(cancelled.status()).isEqualTo(202);
        await().atMost(WAIT).until(() -> "REFUNDED".equals(platform.pledges().get("/pledges/" + id, backer.token()).json().get("status").asString()));
        assertThat(platform.wallet(backer)).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00"));
        assertThat(transactionTypes(backer)).first().isEqualTo("REFUND");
        var detail = platform.campaigns().get("/campaigns/" + campaignId, null).json();
        assertThat(detail.get("currentFunds").decimalValue()).isEqualByComparingTo("0");
        assertThat(detail.get("backerCount").asInt()).isZero();
        assertThat(detail.get("milestones").get(0).get("achieved").asBoolean()).isFalse();
        assertThat(platform.pledges().delete("/pledges/" + id, backer.token()).status()).as("not CONFIRMED any more").isEqualTo(409);
    }

    @Test
    void endsEveryPledgeFinalWithMoneyConservedWhenTheWalletServiceCrashesMidSaga() throws Exception {
        var owner = platform.user("0");
        String campaignId = platform.campaign(owner, "100000", 10).json().get("id").asString();
        var backers = platform.users(10, "100.00");
        List<String> ids = platform.pledgeWhile(backers, campaignId, "30.00", 40, 10, platform.wallet::kill);
        platform.wallet.start();
        // each backer has 100.00: three pledges of 30 fit, the fourth does not
        assertThat(platform.settle(ids, backers, "100.00", campaignId, Duration.ofMinutes(2))).isEqualByComparingTo("900.00");
    }

    private static Response pledge(Platform.User backer, String campaignId, String amount, String tier, String key) {
        String body = tier == null ? "{\"campaignId\": \"%s\", \"amount\": %s}".formatted(campaignId, amount)
                : "{\"campaignId\": \"%s\", \"amount\": %s, \"rewardTierId\": \"%s\"}".formatted(campaignId, amount, tier);
        return key == null ? platform.pledges().post("/pledges", backer.token(), body, "Prefer", "wait=10")
                : platform.pledges().post("/pledges", backer.token(), body, "Prefer", "wait=10", "Idempotency-Key", key);
    }

    private static List<String> transactionTypes(Platform.User user) {
        var content = platform.wallets().get("/wallets/me/transactions", user.token()).json().get("content");
        List<String> types = new ArrayList<>();
        content.forEach(row -> types.add(row.get("type").asString()));
        return types;
    }
}
