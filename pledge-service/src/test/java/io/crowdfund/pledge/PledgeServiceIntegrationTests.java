package io.crowdfund.pledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.ClaimPledge;
import io.crowdfund.contracts.campaign.RewardTierTerms;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.SettleCampaignPledges;
import io.crowdfund.contracts.wallet.FundsReleased;
import io.crowdfund.contracts.wallet.FundsReserved;
import io.crowdfund.contracts.wallet.ReleaseFunds;
import io.crowdfund.contracts.wallet.ReserveFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceBaselineTests;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TestTokens;

/**
 * pledge-service alone over real HTTP, PostgreSQL and Kafka: requests refused before anything is
 * written, and the saga ignoring replies it does not expect. The saga with its real participants is
 * proved in system-tests.
 */
class PledgeServiceIntegrationTests extends ServiceBaselineTests {

    private static final TestMessages messages = new TestMessages();

    @Autowired
    JdbcClient sql;

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    @Test
    void refusesInvalidPledgesWritingNothing() {
        String token = TestTokens.user(UUID.randomUUID());
        long before = pledgeCount();
        UUID campaign = UUID.randomUUID();
        for (String body : List.of("{\"campaignId\": \"%s\", \"amount\": 0}", "{\"campaignId\": \"%s\", \"amount\": -1}",
                "{\"campaignId\": \"%s\", \"amount\": 1.001}", "{\"campaignId\": \"%s\", \"amount\": 1000000.01}",
                "{\"campaignId\": \"%s\", \"amount\": \"ten\"}", "{\"campaignId\": \"%s\"}", "{\"campaignId\": \"not-a-uuid%s\", \"amount\": 5}",
                "{\"amount\": 5}%s", "{broken%s")) {
            Response response = http().post("/pledges", token, body.formatted(campaign));
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(http().post("/pledges", null, "{\"campaignId\": \"%s\", \"amount\": 5}".formatted(campaign)).status()).isEqualTo(401);
        assertThat(pledgeCount()).isEqualTo(before);
    }

    @Test
    void refusesPledgesItsReplicaKnowsAreHopeless() {
        UUID campaign = UUID.randomUUID();
        UUID tier = UUID.randomUUID();
        messages.publish(CampaignChannels.EVENTS, campaign.toString(), new CampaignCreated(campaign, UUID.randomUUID(), "Kiosk", "technology",
                new BigDecimal("100.00"), "USD", Instant.now(), Instant.now().plus(Duration.ofDays(1)), true,
                List.of(new RewardTierTerms(tier, "Early", new BigDecimal("25.00"), 10))));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.sql("select count(*) from campaign_replicas where id = ?").param(campaign)
                .query(Long.class).single() == 1);
        String token = TestTokens.user(UUID.randomUUID());
        long before = pledgeCount();
        Response below = http().post("/pledges", token, "{\"campaignId\": \"%s\", \"amount\": 24.99, \"rewardTierId\": \"%s\"}".formatted(campaign, tier));
        assertThat(below.status()).isEqualTo(400);
        assertThat(below.json().get("errors").get(0).get("field").asString()).isEqualTo("amount");
        Response unknownTier = http().post("/pledges", token, "{\"campaignId\": \"%s\", \"amount\": 30, \"rewardTierId\": \"%s\"}"
                .formatted(campaign, UUID.randomUUID()));
        assertThat(unknownTier.status()).isEqualTo(400);
        messages.publish(CampaignChannels.EVENTS, campaign.toString(), new CampaignClosed(campaign, UUID.randomUUID(), "Kiosk",
                CampaignOutcome.FAILED, new BigDecimal("100.00"), BigDecimal.ZERO, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(sql.sql("select status from campaign_replicas where id = ?")
                .param(campaign).query(String.class).single()));
        // the replica forgets a remembered campaign just after the closing event commits: a POST in between may still be taken
        AtomicInteger taken = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            int status = http().post("/pledges", token, "{\"campaignId\": \"%s\", \"amount\": 30}".formatted(campaign)).status();
            if (status == 202) {
                taken.incrementAndGet();
            }
            return status == 409;
        });
        assertThat(pledgeCount()).as("refusals wrote nothing").isEqualTo(before + taken.get());
    }

    @Test
    void asksReserveAndClaimAtOnceAndIgnoresRepliesItsSagaDoesNotExpect() {
        UUID backer = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        Response pledge = http().post("/pledges", TestTokens.user(backer), "{\"campaignId\": \"%s\", \"amount\": 5}".formatted(campaign));
        assertThat(pledge.status()).isEqualTo(202);
        UUID id = UUID.fromString(pledge.json().get("id").asString());
        // the reserve answered twice, and a release nobody asked for: one move to CLAIMING, nothing else
        UUID first = messages.publish(PledgeChannels.REPLIES, id.toString(), new FundsReserved(id, backer, new BigDecimal("5.00")));
        UUID second = messages.publish(PledgeChannels.REPLIES, id.toString(), new FundsReserved(id, backer, new BigDecimal("5.00")));
        UUID stale = messages.publish(PledgeChannels.REPLIES, id.toString(), new FundsReleased(id, backer, new BigDecimal("5.00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.sql("select count(*) from messaging.inbox where message_id in (?, ?, ?)")
                .params(first, second, stale).query(Long.class).single() == 3
                && sql.sql("select count(*) from messaging.outbox").query(Long.class).single() == 0);
        assertThat(step(id)).isEqualTo("CLAIMING");
        assertThat(http().get("/pledges/" + id, TestTokens.user(backer)).json().get("status").asString()).isEqualTo("PENDING");
        // everything the replies caused is published: markers behind the pledge's commands on their partitions
        UUID marker = UUID.randomUUID();
        messages.publish(CampaignChannels.COMMANDS, campaign.toString(), new ClaimPledge(marker, campaign, backer, BigDecimal.ONE, null));
        messages.publish(WalletChannels.COMMANDS, backer.toString(), new ReleaseFunds(marker, backer, campaign));
        var claims = TestMessages.readUntil(CampaignChannels.COMMANDS, Duration.ofSeconds(30),
                records -> TestMessages.payloads(records, ClaimPledge.class).stream().anyMatch(claim -> claim.pledgeId().equals(marker)));
        assertThat(TestMessages.payloads(claims, ClaimPledge.class)).filteredOn(claim -> claim.pledgeId().equals(id))
                .as("one claim, asked with the reserve").hasSize(1);
        var funds = TestMessages.readUntil(WalletChannels.COMMANDS, Duration.ofSeconds(30),
                records -> TestMessages.payloads(records, ReleaseFunds.class).stream().anyMatch(release -> release.pledgeId().equals(marker)));
        assertThat(TestMessages.payloads(funds, ReserveFunds.class)).filteredOn(reserve -> reserve.pledgeId().equals(id)).hasSize(1);
        assertThat(TestMessages.payloads(funds, ReleaseFunds.class)).filteredOn(release -> release.pledgeId().equals(id))
                .as("nothing to compensate").isEmpty();
    }

    @Test
    void aRetryWithItsIdempotencyKeyGetsItsPledgeEvenOnceTheCampaignIsBeingSettled() {
        UUID backer = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        String body = "{\"campaignId\": \"%s\", \"amount\": 7}".formatted(campaign);
        Response first = http().post("/pledges", TestTokens.user(backer), body, "Idempotency-Key", "retry-1");
        assertThat(first.status()).isEqualTo(202);
        Response again = http().post("/pledges", TestTokens.user(backer), body, "Idempotency-Key", "retry-1");
        assertThat(again.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        Response otherBody = http().post("/pledges", TestTokens.user(backer), body.replace("7", "8"), "Idempotency-Key", "retry-1");
        assertThat(otherBody.status()).isEqualTo(422);

        messages.publish(PledgeChannels.COMMANDS, campaign.toString(), new SettleCampaignPledges(campaign, UUID.randomUUID(), CampaignOutcome.FAILED));
        await().atMost(Duration.ofSeconds(30)).until(() -> sql.sql("select count(*) from pledge_settlements where campaign_id = ?")
                .param(campaign).query(Long.class).single() == 1);
        long before = pledgeCount();

        Response retried = http().post("/pledges", TestTokens.user(backer), body, "Idempotency-Key", "retry-1");
        assertThat(retried.json().get("id").asString()).as("the earlier pledge, not a 409").isEqualTo(first.json().get("id").asString());
        assertThat(http().post("/pledges", TestTokens.user(backer), body, "Idempotency-Key", "retry-2").status()).isEqualTo(409);
        assertThat(pledgeCount()).isEqualTo(before);
    }

    @Test
    void answersSomeoneElsesPledgeExactlyLikeOneThatDoesNotExist() {
        UUID backer = UUID.randomUUID();
        Response pledge = http().post("/pledges", TestTokens.user(backer), "{\"campaignId\": \"%s\", \"amount\": 5}".formatted(UUID.randomUUID()));
        assertThat(pledge.status()).isEqualTo(202);
        String id = pledge.json().get("id").asString();
        String missing = UUID.randomUUID().toString();
        String stranger = TestTokens.user(UUID.randomUUID());
        String before = row(id);

        for (String method : List.of("GET", "DELETE")) {
            Response someoneElses = http().send(method, "/pledges/" + id, stranger, null, null);
            Response none = http().send(method, "/pledges/" + missing, stranger, null, null);
            assertThat(someoneElses.status()).as(method).isEqualTo(404);
            assertThat(someoneElses.isProblem()).isTrue();
            assertThat(someoneElses.body().replace(id, "{id}")).as(method).isEqualTo(none.body().replace(missing, "{id}"));
            assertThat(none.status()).isEqualTo(404);
        }
        assertThat(row(id)).as("nothing written").isEqualTo(before);

        assertThat(http().get("/pledges/" + id, TestTokens.user(backer)).status()).isEqualTo(200);
        String operator = TestTokens.operator(UUID.randomUUID());
        assertThat(http().get("/pledges/" + id, operator).status()).isEqualTo(200);
        assertThat(http().delete("/pledges/" + id, operator).status()).as("an operator sees it, but only its backer cancels").isEqualTo(403);
        assertThat(row(id)).isEqualTo(before);
    }

    private String row(String id) {
        return sql.sql("select status || ' ' || step || ' ' || updated_at from pledges where id = ?::uuid").param(id).query(String.class).single();
    }

    private String step(UUID id) {
        return sql.sql("select step from pledges where id = ?").param(id).query(String.class).single();
    }

    private long pledgeCount() {
        return sql.sql("select count(*) from pledges").query(Long.class).single();
    }
}
