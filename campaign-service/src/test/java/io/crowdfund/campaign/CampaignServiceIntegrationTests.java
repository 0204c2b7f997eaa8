package io.crowdfund.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceBaselineTests;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TestTokens;

/** The campaign API over real HTTP against real PostgreSQL and Kafka. */
class CampaignServiceIntegrationTests extends ServiceBaselineTests {

    @Autowired
    JdbcClient sql;

    CampaignFixtures campaigns() {
        return new CampaignFixtures(http());
    }

    @Test
    void listsTheCategories() {
        Response categories = http().get("/categories", null);
        assertThat(categories.status()).isEqualTo(200);
        assertThat(categories.json().findValuesAsString("code"))
                .contains("charity", "business", "personal", "creative", "community", "technology");
    }

    @Test
    void createsACampaignWithItsTiersAndMilestonesAndTellsOtherServices() {
        UUID owner = UUID.randomUUID();
        Response created = http().post("/campaigns", TestTokens.user(owner), CampaignFixtures.standard());
        assertThat(created.status()).isEqualTo(201);
        var json = created.json();
        UUID id = UUID.fromString(json.get("id").asString());
        assertThat(json.get("ownerId").asString()).isEqualTo(owner.toString());
        assertThat(json.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(json.get("currentFunds").decimalValue()).isEqualByComparingTo("0");
        assertThat(json.get("currency").asString()).isEqualTo("USD");
        assertThat(json.get("rewardTiers").findValuesAsString("title")).containsExactly("Early bird", "Thanks");
        assertThat(json.get("rewardTiers").get(1).get("quantityAvailable").isNull()).isTrue();
        assertThat(json.get("milestones").get(0).get("achieved").asBoolean()).isFalse();

        Response detail = http().get("/campaigns/" + id, null);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.json().get("rewardTiers").get(0).get("quantityClaimed").asInt()).isZero();
        var events = TestMessages.readUntil(CampaignChannels.EVENTS, Duration.ofSeconds(20),
                read -> TestMessages.payloads(read, CampaignCreated.class).stream().anyMatch(e -> e.campaignId().equals(id)));
        CampaignCreated event = TestMessages.payloads(events, CampaignCreated.class).stream().filter(e -> e.campaignId().equals(id)).findFirst().orElseThrow();
        assertThat(event.ownerId()).isEqualTo(owner);
        assertThat(event.rewardTiers()).hasSize(2);
        assertThat(event.rewardTiers().getFirst().quantityAvailable()).isEqualTo(50);
    }

    @Test
    void refusesInvalidCampaignsWritingNothing() {
        long before = campaignCount();
        Instant inMonth = Instant.now().plus(Duration.ofDays(30));
        String tiers = "[]";
        String milestones = "[]";
        for (String body : List.of(
                CampaignFixtures.body("0", inMonth, tiers, milestones),
                CampaignFixtures.body("-10", inMonth, tiers, milestones),
                CampaignFixtures.body("10.001", inMonth, tiers, milestones),
                CampaignFixtures.body("100", Instant.now().minus(Duration.ofDays(1)), tiers, milestones),
                CampaignFixtures.body("100", inMonth, "[{\"title\": \"\", \"minimumAmount\": 5}]", milestones),
                CampaignFixtures.body("100", inMonth, "[{\"title\": \"No minimum\"}]", milestones),
                CampaignFixtures.body("100", inMonth, "[{\"title\": \"Zero left\", \"minimumAmount\": 5, \"quantityAvailable\": 0}]", milestones),
                CampaignFixtures.body("100", inMonth, tiers, "[{\"title\": \"Negative\", \"target\": -1}]"),
                CampaignFixtures.body("100", inMonth, tiers, milestones).replace("technology", "astrology"),
                CampaignFixtures.body("100", inMonth, tiers, milestones).replace("\"deadline\"",
                        "\"startDate\": \"" + inMonth.plus(Duration.ofDays(1)) + "\", \"deadline\""),
                "{\"title\": \"Missing everything\"}",
                "{broken")) {
            Response response = http().post("/campaigns", TestTokens.user(UUID.randomUUID()), body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.isProblem()).as(body).isTrue();
        }
        Response unknownCategory = http().post("/campaigns", TestTokens.user(UUID.randomUUID()),
                CampaignFixtures.body("100", inMonth, tiers, milestones).replace("technology", "astrology"));
        assertThat(unknownCategory.json().get("errors").get(0).get("field").asString()).isEqualTo("category");
        assertThat(http().post("/campaigns", null, CampaignFixtures.standard()).status()).isEqualTo(401);
        assertThat(campaignCount()).isEqualTo(before);
    }

    @Test
    void filtersAndPagesTheList() {
        UUID owner = UUID.randomUUID();
        var first = campaigns().create(owner);
        var second = campaigns().create(owner);
        Response mine = http().get("/campaigns?ownerId=" + owner + "&size=1&page=0", null);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("page").get("totalElements").asLong()).isEqualTo(2);
        assertThat(mine.json().get("page").get("totalPages").asLong()).isEqualTo(2);
        assertThat(mine.json().get("content").get(0).get("id").asString()).isEqualTo(second.id().toString());
        Response filtered = http().get("/campaigns?ownerId=" + owner + "&category=technology&status=ACTIVE&startedAfter="
                + Instant.now().minus(Duration.ofHours(1)) + "&startedBefore=" + Instant.now().plus(Duration.ofHours(1)), null);
        assertThat(filtered.json().get("content").valueStream().map(c -> c.get("id").asString())).containsExactlyInAnyOrder(first.id().toString(), second.id().toString());
        assertThat(http().get("/campaigns?ownerId=" + owner + "&category=charity", null).json().get("content").size()).isZero();
        assertThat(http().get("/campaigns?status=OPEN", null).status()).isEqualTo(400);
        assertThat(http().get("/campaigns?category=astrology", null).status()).isEqualTo(400);
    }

    @Test
    void showsTheOwnersUsernameFromTheirTokenOnTheCampaignAndInTheList() {
        UUID owner = UUID.randomUUID();
        Response created = http().post("/campaigns", TestTokens.user(owner, "ada_lovelace"), CampaignFixtures.standard());
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("ownerName").asString()).isEqualTo("ada_lovelace");
        String id = created.json().get("id").asString();
        assertThat(http().get("/campaigns/" + id, null).json().get("ownerName").asString()).isEqualTo("ada_lovelace");
        var listed = http().get("/campaigns?ownerId=" + owner, null).json().get("content");
        assertThat(listed.findValuesAsString("ownerName")).containsExactly("ada_lovelace");

        var unnamed = campaigns().create(UUID.randomUUID());
        assertThat(http().get("/campaigns/" + unnamed.id(), null).json().get("ownerName").isNull())
                .as("a token without preferred_username leaves the name unknown").isTrue();
    }

    @Test
    void searchesTitlesForAPartOfThemInAnyCase() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        var kiosk = campaigns().create(UUID.randomUUID(), CampaignFixtures.titled("Solar KIOSK " + tag, inMonth()));
        var garden = campaigns().create(UUID.randomUUID(), CampaignFixtures.titled("Community garden " + tag, inMonth()));
        assertThat(ids("/campaigns?q=" + tag)).containsExactlyInAnyOrder(kiosk.id(), garden.id());
        assertThat(ids("/campaigns?q=" + query("r kiosk " + tag.toUpperCase()))).containsExactly(kiosk.id());
        assertThat(ids("/campaigns?q=" + query("GARDEN ") + tag + "&category=technology")).containsExactly(garden.id());
        assertThat(ids("/campaigns?q=" + query("garden " + tag) + "&category=charity")).isEmpty();
        assertThat(ids("/campaigns?q=" + query("Solar KIOSK x" + tag))).isEmpty();
        assertThat(ids("/campaigns?q=&ownerId=" + kiosk.ownerId())).as("an empty search is no filter").containsExactly(kiosk.id());
    }

    @Test
    void matchesPercentUnderscoreAndBackslashInTheSearchLiterally() {
        UUID owner = UUID.randomUUID();
        var percent = campaigns().create(owner, CampaignFixtures.titled("Save 50% now", inMonth()));
        campaigns().create(owner, CampaignFixtures.titled("Save 50 lives now", inMonth()));
        var underscore = campaigns().create(owner, CampaignFixtures.titled("snake_case club", inMonth()));
        campaigns().create(owner, CampaignFixtures.titled("snakescase club", inMonth()));
        var backslash = campaigns().create(owner, CampaignFixtures.titled("back\\slash", inMonth()));
        campaigns().create(owner, CampaignFixtures.titled("backslash", inMonth()));
        String mine = "&ownerId=" + owner;
        assertThat(ids("/campaigns?q=" + query("50%") + mine)).containsExactly(percent.id());
        assertThat(ids("/campaigns?q=" + query("%") + mine)).containsExactly(percent.id());
        assertThat(ids("/campaigns?q=" + query("e_c") + mine)).containsExactly(underscore.id());
        assertThat(ids("/campaigns?q=" + query("_") + mine)).containsExactly(underscore.id());
        assertThat(ids("/campaigns?q=" + query("k\\s") + mine)).containsExactly(backslash.id());
    }

    @Test
    void sortsNewestEndingSoonOrMostFundedWithTiesInIdOrder() {
        UUID owner = UUID.randomUUID();
        Instant now = Instant.now();
        var inTenDays = campaigns().create(owner, CampaignFixtures.titled("Ten days", now.plus(Duration.ofDays(10))));
        var inFiveDays = campaigns().create(owner, CampaignFixtures.titled("Five days", now.plus(Duration.ofDays(5))));
        var alsoInFiveDays = campaigns().create(owner, CampaignFixtures.titled("Five days too", now.plus(Duration.ofDays(5))));
        var closed = campaigns().create(owner, CampaignFixtures.titled("Closed early", now.plus(Duration.ofDays(1))));
        fund(inTenDays.id(), "70.00");
        fund(inFiveDays.id(), "30.00");
        fund(alsoInFiveDays.id(), "70.00");
        sql.sql("update campaigns set status = 'FAILED', closed_at = now() where id = ?").param(closed.id()).update();
        String mine = "/campaigns?ownerId=" + owner;

        List<UUID> newest = List.of(closed.id(), alsoInFiveDays.id(), inFiveDays.id(), inTenDays.id());
        assertThat(ids(mine)).containsExactlyElementsOf(newest);
        assertThat(ids(mine + "&sort=newest")).containsExactlyElementsOf(newest);
        assertThat(ids(mine + "&sort=endingSoon"))
                .containsExactlyElementsOf(concat(inIdOrder(inFiveDays.id(), alsoInFiveDays.id()), List.of(inTenDays.id(), closed.id())));
        assertThat(ids(mine + "&sort=mostFunded"))
                .containsExactlyElementsOf(concat(inIdOrder(inTenDays.id(), alsoInFiveDays.id()), List.of(inFiveDays.id(), closed.id())));
        assertThat(ids(mine + "&sort=mostFunded&size=1&page=2")).containsExactly(inFiveDays.id());
    }

    @Test
    void refusesAnUnknownSortAndAnOverlongOrControlCharacterSearchNamingTheField() {
        assertInvalidField("/campaigns?sort=cheapest", "sort");
        assertInvalidField("/campaigns?sort=ENDING_SOON", "sort");
        assertInvalidField("/campaigns?q=" + "x".repeat(101), "q");
        assertInvalidField("/campaigns?q=solar%00kiosk", "q");
        assertInvalidField("/campaigns?q=solar%0Akiosk", "q");
        assertThat(http().get("/campaigns?q=" + "x".repeat(100), null).status()).isEqualTo(200);
    }

    @Test
    void letsOnlyTheOwnerEditAndExtendTheCampaign() {
        UUID owner = UUID.randomUUID();
        var campaign = campaigns().create(owner);
        String path = "/campaigns/" + campaign.id();
        Response edited = http().patch(path, TestTokens.user(owner), "{\"title\": \"Two kiosks\", \"category\": \"community\"}");
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("title").asString()).isEqualTo("Two kiosks");
        assertThat(edited.json().get("description").asString()).isEqualTo("Charges tablets");
        assertThat(http().patch(path, TestTokens.user(UUID.randomUUID()), "{\"title\": \"Mine now\"}").status()).isEqualTo(403);
        assertThat(http().patch(path, TestTokens.user(owner), "{\"category\": \"astrology\"}").status()).isEqualTo(400);
        assertThat(http().patch(path, TestTokens.user(owner), "{}").status()).isEqualTo(400);
        assertThat(http().patch("/campaigns/" + UUID.randomUUID(), TestTokens.user(owner), "{\"title\": \"x\"}").status()).isEqualTo(404);

        Response tier = http().post(path + "/reward-tiers", TestTokens.user(owner), "{\"title\": \"Late bird\", \"minimumAmount\": 30, \"quantityAvailable\": 5}");
        assertThat(tier.status()).isEqualTo(201);
        Response milestone = http().post(path + "/milestones", TestTokens.user(owner), "{\"title\": \"Third kiosk\", \"target\": 300}");
        assertThat(milestone.status()).isEqualTo(201);
        assertThat(http().post(path + "/milestones", TestTokens.user(UUID.randomUUID()), "{\"title\": \"x\", \"target\": 3}").status()).isEqualTo(403);
        var detail = http().get(path, null).json();
        assertThat(detail.get("rewardTiers").findValuesAsString("title")).containsExactly("Early bird", "Thanks", "Late bird");
        assertThat(detail.get("milestones").findValuesAsString("title")).containsExactly("Half way", "Third kiosk");
        assertThat(http().get("/campaigns/not-a-uuid", null).status()).isEqualTo(400);
        assertThat(http().get("/campaigns/" + UUID.randomUUID(), null).status()).isEqualTo(404);
    }

    @Test
    void readsACampaignAgainFromTheDatabaseAfterItsMaxAgeEvenWithoutAnEvent() {
        var campaign = campaigns().create(UUID.randomUUID());
        String path = "/campaigns/" + campaign.id();
        assertThat(http().get(path, null).header("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("max-age=1"));

        sql.sql("update campaigns set title = 'Changed behind its back' where id = ?").param(campaign.id()).update();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http().get(path, null).json().get("title").asString())
                .isEqualTo("Changed behind its back"));
    }

    @Test
    void takesFiftyRewardTiersAndMilestonesAtCreationAndRefusesTheFiftyFirstWritingNothing() {
        UUID owner = UUID.randomUUID();
        Instant inMonth = inMonth();
        Response full = http().post("/campaigns", TestTokens.user(owner),
                CampaignFixtures.body("100", inMonth, CampaignFixtures.tiers(50), CampaignFixtures.milestones(50)));
        assertThat(full.status()).isEqualTo(201);
        assertThat(full.json().get("rewardTiers").size()).isEqualTo(50);
        assertThat(full.json().get("milestones").size()).isEqualTo(50);

        long before = campaignCount();
        long tiersBefore = rows("reward_tiers");
        long milestonesBefore = rows("milestones");
        assertRefused(http().post("/campaigns", TestTokens.user(owner),
                CampaignFixtures.body("100", inMonth, CampaignFixtures.tiers(51), "[]")), "rewardTiers");
        assertRefused(http().post("/campaigns", TestTokens.user(owner),
                CampaignFixtures.body("100", inMonth, "[]", CampaignFixtures.milestones(51))), "milestones");
        assertThat(campaignCount()).isEqualTo(before);
        assertThat(rows("reward_tiers")).isEqualTo(tiersBefore);
        assertThat(rows("milestones")).isEqualTo(milestonesBefore);
    }

    @Test
    void letsConcurrentAddsFillACampaignToItsLimitButNotPastIt() throws Exception {
        UUID owner = UUID.randomUUID();
        var campaign = campaigns().create(owner, CampaignFixtures.body("100", inMonth(), CampaignFixtures.tiers(48),
                CampaignFixtures.milestones(48)));
        String path = "/campaigns/" + campaign.id();
        List<Response> answers;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(threads.submit(() -> http().post(path + "/reward-tiers", TestTokens.user(owner),
                        "{\"title\": \"Late bird\", \"minimumAmount\": 30}")));
                calls.add(threads.submit(() -> http().post(path + "/milestones", TestTokens.user(owner),
                        "{\"title\": \"Stretch\", \"target\": 900}")));
            }
            answers = new ArrayList<>();
            for (Future<Response> call : calls) {
                answers.add(call.get());
            }
        }
        assertThat(answers).filteredOn(answer -> answer.status() == 201).as("two tiers and two milestones fit").hasSize(4);
        answers.stream().filter(answer -> answer.status() != 201).forEach(answer -> {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.isProblem()).isTrue();
            assertThat(answer.json().get("errors").findValuesAsString("field")).containsAnyOf("rewardTiers", "milestones");
        });
        var detail = http().get(path, null).json();
        assertThat(detail.get("rewardTiers").size()).isEqualTo(50);
        assertThat(detail.get("milestones").size()).isEqualTo(50);
        assertThat(rows("reward_tiers where campaign_id = '" + campaign.id() + "'")).isEqualTo(50);
        assertThat(rows("milestones where campaign_id = '" + campaign.id() + "'")).isEqualTo(50);
        assertRefused(http().post(path + "/reward-tiers", TestTokens.user(owner), "{\"title\": \"One more\", \"minimumAmount\": 1}"),
                "rewardTiers");
        assertRefused(http().post(path + "/milestones", TestTokens.user(owner), "{\"title\": \"One more\", \"target\": 1}"),
                "milestones");
        assertThat(rows("reward_tiers where campaign_id = '" + campaign.id() + "'")).isEqualTo(50);
    }

    @Test
    void takesACampaignOfAtMostAYearStartingWithinAYear() {
        Instant now = Instant.now();
        Instant start = now.plus(Duration.ofDays(365)).minus(Duration.ofMinutes(5));
        Response longest = http().post("/campaigns", TestTokens.user(UUID.randomUUID()),
                CampaignFixtures.dated(start.toString(), start.plus(Duration.ofDays(365)).toString()));
        assertThat(longest.status()).as(longest.body()).isEqualTo(201);

        long before = campaignCount();
        assertRefused(http().post("/campaigns", TestTokens.user(UUID.randomUUID()),
                CampaignFixtures.dated(start.toString(), start.plus(Duration.ofDays(365)).plusSeconds(1).toString())), "deadline");
        assertRefused(http().post("/campaigns", TestTokens.user(UUID.randomUUID()),
                CampaignFixtures.dated(null, now.plus(Duration.ofDays(366)).toString())), "deadline");
        Instant tooLate = now.plus(Duration.ofDays(366));
        assertRefused(http().post("/campaigns", TestTokens.user(UUID.randomUUID()),
                CampaignFixtures.dated(tooLate.toString(), tooLate.plus(Duration.ofDays(30)).toString())), "startDate");
        assertThat(campaignCount()).isEqualTo(before);
    }

    @Test
    void refusesDatesOutsideTheYears2000To9999WritingNothing() {
        long before = campaignCount();
        for (String far : List.of("+10000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z")) {
            assertRefused(http().post("/campaigns", TestTokens.user(UUID.randomUUID()), CampaignFixtures.dated(null, far)), "deadline");
            assertRefused(http().post("/campaigns", TestTokens.user(UUID.randomUUID()),
                    CampaignFixtures.dated(far, inMonth().toString())), "startDate");
            assertInvalidField("/campaigns?startedAfter=" + query(far), "startedAfter");
            assertInvalidField("/campaigns?startedBefore=" + query(far), "startedBefore");
        }
        assertInvalidField("/campaigns?startedAfter=1999-12-31T23:59:59Z", "startedAfter");
        assertThat(http().get("/campaigns?startedAfter=2000-01-01T00:00:00Z&startedBefore=9999-12-31T23:59:59Z", null).status())
                .isEqualTo(200);
        assertThat(campaignCount()).isEqualTo(before);
    }

    private List<UUID> ids(String path) {
        Response response = http().get(path, null);
        assertThat(response.status()).as(path).isEqualTo(200);
        return response.json().get("content").findValuesAsString("id").stream().map(UUID::fromString).toList();
    }

    private void assertInvalidField(String path, String field) {
        Response response = http().get(path, null);
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.isProblem()).as(path).isTrue();
        assertThat(response.json().get("errors").findValuesAsString("field")).as(path).containsExactly(field);
    }

    private void fund(UUID campaign, String amount) {
        sql.sql("update campaigns set current_funds = ?::numeric where id = ?").param(amount).param(campaign).update();
    }

    /** The ids as PostgreSQL orders uuids: as their canonical text. */
    private static List<UUID> inIdOrder(UUID... ids) {
        return Stream.of(ids).sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    }

    private static List<UUID> concat(List<UUID> first, List<UUID> then) {
        return Stream.concat(first.stream(), then.stream()).toList();
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static Instant inMonth() {
        return Instant.now().plus(Duration.ofDays(30));
    }

    private static void assertRefused(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("errors").findValuesAsString("field")).containsExactly(field);
    }

    private long rows(String tableAndCondition) {
        return sql.sql("select count(*) from " + tableAndCondition).query(Long.class).single();
    }

    private long campaignCount() {
        return sql.sql("select count(*) from campaigns").query(Long.class).single();
    }
}
