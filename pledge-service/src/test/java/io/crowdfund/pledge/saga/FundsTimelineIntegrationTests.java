package io.crowdfund.pledge.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.SettleCampaignPledges;
import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /pledges/timeline} over real HTTP and PostgreSQL: pledges written at known times through
 * the store, in the states the saga leaves them, grouped by PostgreSQL into the bucket the span calls
 * for; the campaign's owner (from campaign-service's event) and operators see it, as they see its
 * pledge list, and nobody else.
 */
@IntegrationTest
class FundsTimelineIntegrationTests {

    private static final TestMessages messages = new TestMessages();
    private static final String OPERATOR = TestTokens.operator(UUID.randomUUID());

    @LocalServerPort
    int port;

    @Autowired
    PledgeStore store;

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    @Test
    void groupsCountingPledgesByTheHourTheyWereMadeWithARunningTotal() {
        UUID campaign = UUID.randomUUID();
        // the saga's timeout scan may ask again for the pending pledge: it stays PENDING
        write(pledge(campaign, "50.00", "2026-12-05T10:00:10Z", PledgeStatus.CONFIRMED),
                pledge(campaign, "500.00", "2026-12-05T10:30:00Z", PledgeStatus.REJECTED),
                pledge(campaign, "100.00", "2026-12-05T10:59:59Z", PledgeStatus.CONFIRMED),
                pledge(campaign, "700.00", "2026-12-05T11:15:00Z", PledgeStatus.PENDING),
                pledge(campaign, "25.50", "2026-12-05T11:30:00Z", PledgeStatus.CONFIRMED),
                pledge(campaign, "900.00", "2026-12-05T12:00:00Z", PledgeStatus.REFUNDED),
                pledge(campaign, "10.00", "2026-12-08T10:00:00Z", PledgeStatus.CONFIRMED),
                // would stretch the span to 15 days, and the bucket to 6 hours, if it counted
                pledge(campaign, "300.00", "2026-12-20T00:00:00Z", PledgeStatus.REJECTED),
                pledge(UUID.randomUUID(), "42.00", "2026-12-05T10:10:00Z", PledgeStatus.CONFIRMED));

        Response timeline = timeline(campaign, OPERATOR);

        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.contentType()).startsWith("application/json");
        JsonNode json = timeline.json();
        assertThat(json.get("campaignId").asString()).isEqualTo(campaign.toString());
        assertThat(json.get("currency").asString()).isEqualTo("USD");
        assertThat(json.get("bucket").asString()).as("72 hours: 73 hourly buckets, 289 of 15 minutes").isEqualTo("PT1H");
        assertThat(points(timeline)).containsExactly(
                "2026-12-05T10:00:00Z 150.00 x2 = 150.00",
                "2026-12-05T11:00:00Z 25.50 x1 = 175.50",
                "2026-12-08T10:00:00Z 10.00 x1 = 185.50");
    }

    @Test
    void choosesTheNarrowestBucketWithAtMostTwoHundredFromTheFirstPledgeToTheLast() {
        UUID fits = UUID.randomUUID();
        write(pledge(fits, "1.00", "2026-12-01T00:00:30Z", PledgeStatus.CONFIRMED),
                pledge(fits, "2.00", "2026-12-01T03:19:59Z", PledgeStatus.CONFIRMED));
        UUID oneMinuteMore = UUID.randomUUID();
        write(pledge(oneMinuteMore, "1.00", "2026-12-01T00:00:30Z", PledgeStatus.CONFIRMED),
                pledge(oneMinuteMore, "2.00", "2026-12-01T03:20:00Z", PledgeStatus.CONFIRMED));

        Response minutes = timeline(fits, OPERATOR);
        assertThat(minutes.json().get("bucket").asString()).as("minutes 00:00 to 03:19: 200 buckets").isEqualTo("PT1M");
        assertThat(points(minutes)).containsExactly("2026-12-01T00:00:00Z 1.00 x1 = 1.00", "2026-12-01T03:19:00Z 2.00 x1 = 3.00");
        Response fiveMinutes = timeline(oneMinuteMore, OPERATOR);
        assertThat(fiveMinutes.json().get("bucket").asString()).as("minutes 00:00 to 03:20: 201 buckets").isEqualTo("PT5M");
        assertThat(points(fiveMinutes)).containsExactly("2026-12-01T00:00:00Z 1.00 x1 = 1.00", "2026-12-01T03:20:00Z 2.00 x1 = 3.00");
    }

    @Test
    void keepsALongSpanWithinTwoHundredPoints() {
        UUID campaign = UUID.randomUUID();
        Instant first = Instant.parse("2023-12-01T12:00:00Z");
        List<Pledge> daily = new ArrayList<>();
        for (int day = 0; day < 1100; day++) {
            daily.add(pledge(campaign, "2.50", first.plus(Duration.ofDays(day)).toString(), PledgeStatus.CONFIRMED));
        }
        write(daily.toArray(Pledge[]::new));

        Response timeline = timeline(campaign, OPERATOR);

        assertThat(timeline.json().get("bucket").asString()).as("1,100 days: 1,100 daily buckets, 158 weekly").isEqualTo("PT168H");
        List<JsonNode> points = timeline.json().get("points").valueStream().toList();
        assertThat(points).hasSize(158).hasSizeLessThanOrEqualTo(FundsTimeline.MAX_POINTS);
        assertThat(points).allSatisfy(point -> {
            var at = Instant.parse(point.get("at").asString()).atOffset(ZoneOffset.UTC);
            assertThat(at.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(at.toLocalTime()).isEqualTo("00:00");
        });
        assertThat(points.stream().mapToLong(point -> point.get("pledges").asLong()).sum()).isEqualTo(1100);
        assertThat(points.getLast().get("cumulativeAmount").decimalValue()).isEqualByComparingTo("2750.00");
    }

    @Test
    void countsCollectedPledgesWhereTheyWereMade() {
        UUID campaign = UUID.randomUUID();
        Pledge early = pledge(campaign, "20.00", "2026-12-01T09:00:05Z", PledgeStatus.CONFIRMED);
        Pledge late = pledge(campaign, "5.00", "2026-12-01T09:02:00Z", PledgeStatus.CONFIRMED);
        write(early, late);
        List<String> confirmed = points(timeline(campaign, OPERATOR));

        messages.publish(PledgeChannels.COMMANDS, campaign.toString(), new SettleCampaignPledges(campaign, UUID.randomUUID(),
                CampaignOutcome.SUCCESSFUL));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(early.id(), late.id()).stream()
                .allMatch(id -> store.find(id).orElseThrow().status() == PledgeStatus.COLLECTED));

        assertThat(confirmed).containsExactly("2026-12-01T09:00:00Z 20.00 x1 = 20.00", "2026-12-01T09:02:00Z 5.00 x1 = 25.00");
        assertThat(points(timeline(campaign, OPERATOR))).as("collected now, grouped by when they were made").isEqualTo(confirmed);
    }

    @Test
    void answersNoPointsForACampaignWithoutCountingPledges() {
        UUID campaign = UUID.randomUUID();
        write(pledge(campaign, "30.00", "2026-12-02T08:00:00Z", PledgeStatus.REJECTED));

        Response timeline = timeline(campaign, OPERATOR);

        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.json().get("points").isEmpty()).isTrue();
        assertThat(timeline.json().get("bucket").asString()).isEqualTo("PT1M");
    }

    @Test
    void showsACampaignsTimelineToWhomItsPledgeListShows() {
        UUID campaign = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        write(pledge(campaign, "15.00", "2026-12-03T18:45:00Z", PledgeStatus.CONFIRMED));
        messages.publish(CampaignChannels.EVENTS, campaign.toString(), new CampaignCreated(campaign, owner, "Kiosk", "technology",
                new BigDecimal("100.00"), "USD", Instant.now(), Instant.now().plus(Duration.ofDays(1)), true, List.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(campaign, TestTokens.user(owner)).status() == 200);
        assertThat(points(timeline(campaign, TestTokens.user(owner)))).containsExactly("2026-12-03T18:45:00Z 15.00 x1 = 15.00");
        assertThat(points(timeline(campaign, OPERATOR))).containsExactly("2026-12-03T18:45:00Z 15.00 x1 = 15.00");

        String stranger = TestTokens.user(UUID.randomUUID());
        assertAnsweredLikeThePledgeList(campaign, stranger, 403);
        UUID unknownToTheReplica = UUID.randomUUID();
        assertAnsweredLikeThePledgeList(unknownToTheReplica, stranger, 403);
        assertAnsweredLikeThePledgeList(unknownToTheReplica, OPERATOR, 200);
    }

    @Test
    void requiresAValidToken() {
        UUID campaign = UUID.randomUUID();
        for (String token : new String[] {null, TestTokens.expired(UUID.randomUUID()), TestTokens.forged(UUID.randomUUID())}) {
            Response refused = timeline(campaign, token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.isProblem()).isTrue();
        }
    }

    @Test
    void refusesAMissingOrMalformedCampaignIdLikeAnyInvalidField() {
        for (String query : List.of("", "?campaignId=", "?campaignId=not-a-uuid", "?campaignId=" + UUID.randomUUID() + "x")) {
            Response refused = http().get("/pledges/timeline" + query, OPERATOR);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.isProblem()).isTrue();
            assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("campaignId");
        }
    }

    @Test
    void documentsTheTimelineInItsOpenApi() {
        JsonNode docs = http().get("/v3/api-docs", null).json();
        JsonNode operation = docs.get("paths").get("/pledges/timeline").get("get");
        assertThat(operation.get("summary").asString()).contains("funds over time");
        assertThat(operation.get("description").asString()).contains("403").contains("404");
        assertThat(operation.get("parameters").get(0).get("name").asString()).isEqualTo("campaignId");
        assertThat(operation.get("parameters").get(0).get("required").asBoolean()).isTrue();
        assertThat(docs.get("components").get("schemas").get("FundsTimelinePoint").get("properties").propertyNames())
                .containsExactlyInAnyOrder("at", "amount", "pledges", "cumulativeAmount");
    }

    /** The timeline answers as {@code GET /pledges?campaignId=} does: the same status, and for a refusal the same problem. */
    private void assertAnsweredLikeThePledgeList(UUID campaign, String token, int status) {
        Response timeline = timeline(campaign, token);
        Response list = http().get("/pledges?campaignId=" + campaign, token);
        assertThat(timeline.status()).isEqualTo(list.status()).isEqualTo(status);
        if (status >= 400) {
            assertThat(timeline.isProblem()).isTrue();
            for (String field : List.of("type", "title", "status", "detail")) {
                assertThat(timeline.json().get(field)).as(field).isEqualTo(list.json().get(field));
            }
        }
    }

    private Response timeline(UUID campaign, String token) {
        return http().get("/pledges/timeline?campaignId=" + campaign, token);
    }

    private HttpTestClient http() {
        return HttpTestClient.local(port);
    }

    private void write(Pledge... pledges) {
        assertThat(store.insertUnlessKeyTaken(List.of(pledges))).hasSize(pledges.length);
    }

    /** "at amount xPledges = cumulativeAmount" for each point, amounts as the JSON has them. */
    private static List<String> points(Response timeline) {
        assertThat(timeline.status()).as(timeline.body()).isEqualTo(200);
        return timeline.json().get("points").valueStream()
                .map(point -> "%s %s x%d = %s".formatted(point.get("at").asString(), point.get("amount").decimalValue().toPlainString(),
                        point.get("pledges").asLong(), point.get("cumulativeAmount").decimalValue().toPlainString()))
                .toList();
    }

    /** A pledge made at the given time and left by the saga in the given state (only a settlement collects). */
    private static Pledge pledge(UUID campaign, String amount, String madeAt, PledgeStatus status) {
        Instant at = Instant.parse(madeAt);
        Pledge pledge = Pledge.request(UUID.randomUUID(), campaign, new BigDecimal(amount), null, null, campaign + "|" + amount + "|null", at);
        switch (status) {
            case PENDING -> { }
            case REJECTED -> SagaReplies.reject(pledge, at);
            case CONFIRMED -> SagaReplies.confirm(pledge, at);
            case REFUNDED -> SagaReplies.refund(pledge, at);
            case COLLECTED -> throw new IllegalArgumentException("only a settlement collects pledges");
        }
        return pledge;
    }
}
