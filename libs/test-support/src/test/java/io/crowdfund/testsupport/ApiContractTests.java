package io.crowdfund.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.ApiContract.Verdict;
import io.crowdfund.testsupport.HttpTestClient.Response;

/** The contract check against a small OpenAPI 3.1 document ({@code contract/campaigns.json}), one rule at a time. */
class ApiContractTests {

    private static final ApiContract CONTRACT = ApiContract.of(sampleDocument());
    private static final String ID = "6f1c3c1e-9a55-4b8e-8d7e-1d2f3a4b5c6d";
    private static final String CAMPAIGN = """
            {"id": "%s", "title": "Kiosk", "description": null, "goal": 500, "status": "ACTIVE",
             "rewardTiers": [{"title": "Early bird", "minimumAmount": 25}]}""".formatted(ID);
    private static final String PROBLEM = """
            {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No such campaign", "instance": "/campaigns/x"}""";

    @Test
    void passesAResponseAsDocumented() {
        Verdict created = CONTRACT.check("POST", "/campaigns", json(201, CAMPAIGN, "Location", "/campaigns/" + ID));

        assertThat(created.operation()).isEqualTo("POST /campaigns");
        assertThat(created.violations()).isEmpty();
        assertThat(violations("GET", "/campaigns/" + ID, json(200, CAMPAIGN))).isEmpty();
        assertThat(violations("GET", "/campaigns/mine?page=0", json(200, "[]"))).isEmpty();
        assertThat(violations("DELETE", "/campaigns/" + ID, response(204, "", ""))).isEmpty();
    }

    @Test
    void takesAPathOrMethodTheDocumentDoesNotHaveForNoOperation() {
        assertThat(CONTRACT.check("GET", "/actuator/health", json(200, "{\"status\": \"UP\"}")).isOperation()).isFalse();
        assertThat(CONTRACT.check("PUT", "/campaigns/" + ID, problem(405)).isOperation()).isFalse();
        assertThat(CONTRACT.check("GET", "/campaigns/" + ID + "/extra", problem(404)).isOperation()).isFalse();
    }

    @Test
    void prefersALiteralSegmentToAPathVariable() {
        Verdict mine = CONTRACT.check("GET", "/campaigns/mine", json(200, "[" + CAMPAIGN + "]"));

        assertThat(mine.operation()).isEqualTo("GET /campaigns/mine");
        assertThat(mine.violations()).isEmpty();
    }

    @Test
    void reportsAnUndocumentedStatus() {
        assertThat(violations("GET", "/campaigns/" + ID, problem(409))).containsExactly("GET /campaigns/{id}: undocumented status 409");
    }

    @Test
    void acceptsAStatusInADocumentedRangeOrDefault() {
        assertThat(violations("POST", "/campaigns", problem(422))).isEmpty();
        assertThat(violations("DELETE", "/campaigns/" + ID, problem(409))).isEmpty();
        assertThat(violations("POST", "/campaigns", problem(500))).containsExactly("POST /campaigns: undocumented status 500");
    }

    @Test
    void reportsAContentTypeNotDocumentedForTheStatus() {
        assertThat(violations("GET", "/campaigns/" + ID, json(404, PROBLEM)))
                .containsExactly("GET /campaigns/{id} 404: undocumented content type 'application/json' (documented: [application/problem+json])");
    }

    @Test
    void reportsAFieldTheDocumentDoesNotDescribe() {
        String withSecret = CAMPAIGN.replace("\"goal\"", "\"ownerEmail\": \"owner@example.com\", \"goal\"");

        assertThat(violations("GET", "/campaigns/" + ID, json(200, withSecret)))
                .containsExactly("GET /campaigns/{id} 200: body /ownerEmail: undocumented field");
    }

    @Test
    void reportsAnUndescribedFieldInANestedObject() {
        String withSold = CAMPAIGN.replace("\"minimumAmount\"", "\"sold\": 3, \"minimumAmount\"");

        assertThat(violations("GET", "/campaigns/" + ID, json(200, withSold)))
                .containsExactly("GET /campaigns/{id} 200: body /rewardTiers/0/sold: undocumented field");
    }

    @Test
    void reportsAFieldOfTheWrongType() {
        assertThat(violations("GET", "/campaigns/" + ID, json(200, CAMPAIGN.replace("500", "\"500\""))))
                .singleElement().asString().startsWith("GET /campaigns/{id} 200: body /goal: ").contains("string").contains("number");
    }

    @Test
    void reportsNullInAFieldThatIsNotNullable() {
        assertThat(violations("GET", "/campaigns/" + ID, json(200, CAMPAIGN.replace("\"Kiosk\"", "null"))))
                .singleElement().asString().startsWith("GET /campaigns/{id} 200: body /title: ").contains("null");
    }

    @Test
    void reportsAMissingRequiredField() {
        assertThat(violations("GET", "/campaigns/" + ID, json(200, CAMPAIGN.replace("\"status\": \"ACTIVE\",", ""))))
                .singleElement().asString().startsWith("GET /campaigns/{id} 200: body /: ").contains("status");
    }

    @Test
    void reportsAValueOutsideTheEnum() {
        assertThat(violations("GET", "/campaigns/" + ID, json(200, CAMPAIGN.replace("ACTIVE", "PAUSED"))))
                .singleElement().asString().startsWith("GET /campaigns/{id} 200: body /status: ").contains("\"PAUSED\"");
    }

    @Test
    void reportsABodyThatIsNotJson() {
        assertThat(violations("GET", "/campaigns/" + ID, json(200, "<html>")))
                .containsExactly("GET /campaigns/{id} 200: a body that is not JSON");
    }

    @Test
    void reportsAnUndocumentedApiHeader() {
        assertThat(violations("GET", "/campaigns/" + ID, json(200, CAMPAIGN, "Location", "/campaigns/" + ID, "X-Request-Id", "42")))
                .containsExactly("GET /campaigns/{id} 200: undocumented header location");
    }

    @Test
    void reportsAMissingRequiredHeader() {
        assertThat(violations("POST", "/campaigns", json(201, CAMPAIGN))).containsExactly("POST /campaigns 201: required header location missing");
    }

    @Test
    void reportsABodyForAStatusWithoutContent() {
        assertThat(violations("DELETE", "/campaigns/" + ID, json(204, "{}")))
                .containsExactly("DELETE /campaigns/{id} 204: a body where none is documented (application/json)");
    }

    private static List<String> violations(String method, String target, Response response) {
        Verdict verdict = CONTRACT.check(method, target, response);
        assertThat(verdict.isOperation()).isTrue();
        return verdict.violations();
    }

    private static Response json(int status, String body, String... headers) {
        return response(status, "application/json", body, headers);
    }

    private static Response problem(int status) {
        return response(status, "application/problem+json", PROBLEM.replace("404", String.valueOf(status)));
    }

    private static Response response(int status, String contentType, String body, String... headers) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (!contentType.isEmpty()) {
            fields.put("Content-Type", List.of(contentType));
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            fields.computeIfAbsent(headers[i], name -> new ArrayList<>()).add(headers[i + 1]);
        }
        return new Response(status, HttpHeaders.of(fields, (name, value) -> true), body);
    }

    static String sampleDocument() {
        try (InputStream in = ApiContractTests.class.getClassLoader().getResourceAsStream("contract/campaigns.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
