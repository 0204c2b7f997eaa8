package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.HttpTestClient.Response;

/**
 * A participant that stays away longer than the saga waits: the saga gives up on the claim,
 * revokes it and releases the hold, so the pledge ends REJECTED (TIMED_OUT) with nothing counted
 * and nothing held once campaign-service is back.
 */
class SagaTimeoutSystemTests {

    private static Platform platform;

    @BeforeAll
    static void start() {
        // a step is asked twice, 2 s apart, before the saga compensates
        platform = new Platform(Map.of("PLEDGE_STEP_TIMEOUT", "2s", "PLEDGE_SCAN_INTERVAL", "500ms", "PLEDGE_MAX_ATTEMPTS", "2")).start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void compensatesAClaimThatNeverAnsweredAndEndsRejectedWithNothingHeld() {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        String campaignId = platform.campaign(owner, "100", 10).json().get("id").asString();
        platform.campaign.kill();
        Response pledge = platform.pledges().post("/pledges", backer.token(), "{\"campaignId\": \"%s\", \"amount\": 40.00}".formatted(campaignId));
        assertThat(pledge.status()).isEqualTo(202);
        String id = pledge.json().get("id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "40.00".equals(platform.wallets().get("/wallets/me", backer.token())
                .json().get("reserved").asString()));
        // the claim waits 2 x 2 s, then the saga revokes it; the revocation waits for campaign-service
        await().pollDelay(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertThat(status(backer, id)).isEqualTo("PENDING");
        platform.campaign.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !"PENDING".equals(status(backer, id)));
        var finished = platform.pledges().get("/pledges/" + id, backer.token()).json();
        assertThat(finished.get("status").asString()).isEqualTo("REJECTED");
        assertThat(finished.get("rejectionReason").asString()).isEqualTo("TIMED_OUT");
        var wallet = platform.wallets().get("/wallets/me", backer.token()).json();
        assertThat(wallet.get("balance").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(wallet.get("reserved").decimalValue()).isEqualByComparingTo("0");
        var campaign = platform.campaigns().get("/campaigns/" + campaignId, null).json();
        assertThat(campaign.get("currentFunds").decimalValue()).isEqualByComparingTo("0");
        assertThat(campaign.get("backerCount").asInt()).isZero();
    }

    private static String status(Platform.User backer, String id) {
        return platform.pledges().get("/pledges/" + id, backer.token()).json().get("status").asString();
    }
}
