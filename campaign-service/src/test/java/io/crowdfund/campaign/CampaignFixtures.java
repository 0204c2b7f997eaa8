package io.crowdfund.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.TestTokens;

/** Builds campaign requests and creates campaigns through the public API. */
record CampaignFixtures(HttpTestClient http) {

    static String body(String goal, Instant deadline, String tiers, String milestones) {
        return """
                {"title": "Solar kiosk", "description": "Charges tablets", "category": "technology", "goal": %s,
                 "deadline": "%s", "rewardTiers": %s, "milestones": %s}""".formatted(goal, deadline, tiers, milestones);
    }

    static String standard() {
        return body("100.00", Instant.now().plus(Duration.ofDays(30)),
                "[{\"title\": \"Early bird\", \"minimumAmount\": 25, \"quantityAvailable\": 50}, {\"title\": \"Thanks\", \"minimumAmount\": 5}]",
                "[{\"title\": \"Half way\", \"target\": 50}]");
    }

    /** {@code count} reward tiers, as the JSON array of a request. */
    static String tiers(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> "{\"title\": \"Tier %d\", \"minimumAmount\": %d}".formatted(n, n))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code count} milestones, as the JSON array of a request. */
    static String milestones(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(n -> "{\"title\": \"Milestone %d\", \"target\": %d}".formatted(n, n * 100))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** A campaign starting and ending as given (a null start: now), without tiers or milestones. */
    static String dated(String startDate, String deadline) {
        String start = startDate == null ? "" : "\"startDate\": \"" + startDate + "\", ";
        return """
                {"title": "Solar kiosk", "description": "Charges tablets", "category": "technology", "goal": 100, %s"deadline": "%s"}"""
                .formatted(start, deadline);
    }

    /** A campaign without tiers or milestones, titled and ending as given. */
    static String titled(String title, Instant deadline) {
        String json = "\"" + title.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return body("100.00", deadline, "[]", "[]").replace("\"Solar kiosk\"", json);
    }

    record Created(UUID id, UUID ownerId, UUID limitedTier, UUID unlimitedTier, UUID milestone) {
    }

    Created create(UUID owner, String body) {
        Response response = http.post("/campaigns", TestTokens.user(owner), body);
        if (response.status() != 201) {
            throw new AssertionError("Campaign not created: " + response);
        }
        var json = response.json();
        var tiers = json.get("rewardTiers");
        var milestones = json.get("milestones");
        return new Created(UUID.fromString(json.get("id").asString()), owner,
                tiers.size() > 0 ? UUID.fromString(tiers.get(0).get("id").asString()) : null,
                tiers.size() > 1 ? UUID.fromString(tiers.get(1).get("id").asString()) : null,
                milestones.size() > 0 ? UUID.fromString(milestones.get(0).get("id").asString()) : null);
    }

    Created create(UUID owner) {
        return create(owner, standard());
    }
}
