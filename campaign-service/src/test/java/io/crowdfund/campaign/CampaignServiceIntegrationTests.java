package io.crowdfund.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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

    private long campaignCount() {
        return sql.sql("select count(*) from campaigns").query(Long.class).single();
    }
}
