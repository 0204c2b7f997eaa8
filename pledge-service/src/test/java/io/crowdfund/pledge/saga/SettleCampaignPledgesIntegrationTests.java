package io.crowdfund.pledge.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.pledge.CampaignPledgesSettled;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.SettleCampaignPledges;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TopicReader;

/**
 * {@code SettleCampaignPledges} asked again, as closure-service does when a settlement stops moving,
 * over real Kafka and PostgreSQL: once settled it answers with the same {@link CampaignPledgesSettled}
 * and moves no pledge again; while pledges are still in flight it neither answers nor settles early.
 */
@IntegrationTest
class SettleCampaignPledgesIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestMessages messages = new TestMessages();

    @Autowired
    PledgeStore store;
    @Autowired
    JdbcClient sql;

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    @Test
    void answersASettleAskedAgainAfterTheEndWithTheSameOutcomeAndMovesNoPledgeAgain() {
        UUID campaign = UUID.randomUUID();
        Pledge first = confirmed(campaign, "25.00");
        Pledge second = confirmed(campaign, "12.34");
        Pledge rejected = SagaReplies.reject(pledge(campaign, "99.00"), Instant.now());
        write(first, second, rejected);
        var answer = new CampaignPledgesSettled(campaign, CampaignOutcome.SUCCESSFUL, 2, new BigDecimal("37.34"));

        ask(campaign, CampaignOutcome.SUCCESSFUL);
        assertThat(settledEvents(campaign, 1)).containsExactly(answer);
        // closure-service did not hear the answer and asks again: a new message, the same command
        ask(campaign, CampaignOutcome.SUCCESSFUL);

        settledEvents(campaign, 2);
        assertThat(allSettledEvents(campaign)).containsExactly(answer, answer);
        assertThat(List.of(first, second)).allSatisfy(p -> assertThat(store.find(p.id()).orElseThrow().status()).isEqualTo(PledgeStatus.COLLECTED));
        assertThat(store.find(rejected.id()).orElseThrow().status()).isEqualTo(PledgeStatus.REJECTED);
        assertThat(sql.sql("select pledges_settled || ' ' || amount_settled from pledge_settlements where campaign_id = ?").param(campaign)
                .query(String.class).single()).as("counted once").isEqualTo("2 37.34");
    }

    @Test
    void aSettleAskedAgainWhilePledgesAreInFlightNeitherAnswersNorSettles() {
        UUID campaign = UUID.randomUUID();
        Pledge done = confirmed(campaign, "10.00");
        Pledge inFlight = pledge(campaign, "20.00"); // reserving: the saga still moves it
        write(done, inFlight);
        ask(campaign, CampaignOutcome.FAILED);
        await().atMost(WAIT).until(() -> "WAITING".equals(settlementState(campaign)));

        UUID again = ask(campaign, CampaignOutcome.FAILED);
        await().atMost(WAIT).until(() -> sql.sql("select count(*) from messaging.inbox where message_id = ?").param(again)
                .query(Long.class).single() == 1);

        assertThat(settlementState(campaign)).isEqualTo("WAITING");
        assertThat(allSettledEvents(campaign)).isEmpty();
        assertThat(store.find(done.id()).orElseThrow().status()).isEqualTo(PledgeStatus.CONFIRMED);
    }

    private UUID ask(UUID campaign, CampaignOutcome outcome) {
        return messages.publish(PledgeChannels.COMMANDS, campaign.toString(), new SettleCampaignPledges(campaign, UUID.randomUUID(), outcome));
    }

    private String settlementState(UUID campaign) {
        return sql.sql("select state from pledge_settlements where campaign_id = ?").param(campaign).query(String.class).optional().orElse(null);
    }

    private void write(Pledge... pledges) {
        assertThat(store.insertUnlessKeyTaken(List.of(pledges))).hasSize(pledges.length);
    }

    private static Pledge pledge(UUID campaign, String amount) {
        return Pledge.request(UUID.randomUUID(), campaign, new BigDecimal(amount), null, null, campaign + "|" + amount + "|null", Instant.now());
    }

    private static Pledge confirmed(UUID campaign, String amount) {
        return SagaReplies.confirm(pledge(campaign, amount), Instant.now());
    }

    /** The campaign's CampaignPledgesSettled events, read until there are at least {@code count}. */
    private static List<CampaignPledgesSettled> settledEvents(UUID campaign, int count) {
        var records = TestMessages.readUntil(PledgeChannels.EVENTS, WAIT, read -> TestMessages.payloads(read, CampaignPledgesSettled.class)
                .stream().filter(e -> e.campaignId().equals(campaign)).count() >= count);
        return TestMessages.payloads(records, CampaignPledgesSettled.class).stream().filter(e -> e.campaignId().equals(campaign)).toList();
    }

    /** Every CampaignPledgesSettled event of the campaign, read until the topic has been quiet for a second. */
    private static List<CampaignPledgesSettled> allSettledEvents(UUID campaign) {
        return TestMessages.payloads(TopicReader.readAll(PledgeChannels.EVENTS, Duration.ofSeconds(1)), CampaignPledgesSettled.class).stream()
                .filter(e -> e.campaignId().equals(campaign)).toList();
    }
}
