package io.crowdfund.webapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ApiDocumentMergerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void putsEachServicesPathsUnderApiWithTheServiceAsTheOnlyTag() {
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("wallet-service").operation("/wallets/me", "get", "mine", "Wallet").schema("Wallet", object("balance")).build(),
                service("pledge-service").operation("/pledges", "post", "pledge", "Pledge").schema("Pledge", object("amount")).build()));

        assertThat(merged.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(merged.path("info").path("title").asString()).isEqualTo("Crowdfunding platform API");
        assertThat(merged.path("paths").propertyNames()).containsExactly("/api/pledges", "/api/wallets/me");
        assertThat(merged.at("/paths/~1api~1wallets~1me/get/tags").toString()).isEqualTo("[\"wallet-service\"]");
        assertThat(merged.at("/paths/~1api~1pledges/post/tags").toString()).isEqualTo("[\"pledge-service\"]");
        assertThat(merged.path("tags").findValuesAsString("name")).containsExactly("wallet-service", "pledge-service");
    }

    @Test
    void keepsAComponentTheServicesShareOnce() {
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("wallet-service").operation("/wallets/me/transactions", "get", "transactions", "Page").schema("Page", object("size"))
                        .build(),
                service("pledge-service").operation("/pledges", "get", "mine", "Page").schema("Page", object("size")).build()));

        assertThat(merged.at("/components/schemas").propertyNames()).containsExactly("Page", "Problem");
        assertThat(merged.at("/paths/~1api~1pledges/get/responses/200/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/Page");
    }

    @Test
    void renamesByServiceAComponentWhoseContentsDifferAndRewritesTheReferencesToIt() {
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("wallet-service").operation("/users", "post", "register", "Registration")
                        .schema("Registration", object("username")).build(),
                service("notification-service").operation("/webhooks", "post", "create", "Registration")
                        .schema("Registration", object("url")).build()));

        assertThat(merged.at("/components/schemas").propertyNames())
                .containsExactly("NotificationRegistration", "Problem", "WalletRegistration");
        assertThat(merged.at("/components/schemas/WalletRegistration/properties").propertyNames()).containsExactly("username");
        assertThat(merged.at("/paths/~1api~1users/post/responses/200/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/WalletRegistration");
        assertThat(merged.at("/paths/~1api~1webhooks/post/responses/200/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/NotificationRegistration");
    }

    @Test
    void renamesAComponentThatRefersToARenamedOneThoughItsTextIsTheSame() {
        ObjectNode page = object("size");
        page.withObjectProperty("properties").putObject("content").put("type", "array").putObject("items")
                .put("$ref", "#/components/schemas/Item");
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("campaign-service").operation("/campaigns", "get", "list", "Page").schema("Page", page)
                        .schema("Item", object("title")).build(),
                service("pledge-service").operation("/pledges", "get", "mine", "Page").schema("Page", page)
                        .schema("Item", object("amount")).build()));

        assertThat(merged.at("/components/schemas").propertyNames())
                .containsExactly("CampaignItem", "CampaignPage", "PledgeItem", "PledgePage", "Problem");
        assertThat(merged.at("/components/schemas/PledgePage/properties/content/items/$ref").asString())
                .isEqualTo("#/components/schemas/PledgeItem");
    }

    @Test
    void renamesByServiceAnOperationIdTwoServicesUse() {
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("campaign-service").operation("/campaigns/{id}", "get", "get", "Campaign").schema("Campaign", object("title"))
                        .operation("/categories", "get", "categories", "Campaign").build(),
                service("pledge-service").operation("/pledges/{id}", "get", "get", "Pledge").schema("Pledge", object("amount")).build()));

        assertThat(merged.findValuesAsString("operationId")).containsExactlyInAnyOrder("campaignGet", "categories", "pledgeGet");
    }

    @Test
    void addsTheGatewaysOwnProblemsToEveryOperationKeepingAServicesOwn404() {
        ServiceDocument pledges = service("pledge-service").operation("/pledges/{id}", "get", "get", "Pledge")
                .operation("/pledges", "post", "pledge", "Pledge").schema("Pledge", object("amount")).build();
        ((ObjectNode) pledges.document().at("/paths/~1pledges~1{id}/get/responses")).putObject("404").put("description", "No such pledge");

        JsonNode merged = ApiDocumentMerger.merge(List.of(pledges));

        JsonNode read = merged.at("/paths/~1api~1pledges~1{id}/get/responses");
        assertThat(read.propertyNames()).containsExactly("200", "404", "502");
        assertThat(read.at("/404/description").asString()).isEqualTo("No such pledge");
        assertThat(read.at("/502/$ref").asString()).isEqualTo("#/components/responses/ServiceUnreachable");
        JsonNode created = merged.at("/paths/~1api~1pledges/post/responses");
        assertThat(created.at("/404/$ref").asString()).isEqualTo("#/components/responses/GatewayNotFound");
        assertThat(merged.at("/components/responses/ServiceUnreachable/headers").propertyNames()).containsExactly("Retry-After");
        assertThat(merged.at("/components/responses/GatewayNotFound/content").propertyNames()).containsExactly("application/problem+json");
    }

    @Test
    void describesTheGatewaysProblemsAsApiErrorsWritesThem() {
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("pledge-service").operation("/pledges", "post", "pledge", "Pledge").schema("Pledge", object("amount")).build()));

        assertGatewayProblemsMatchTheirSchema(merged);
    }

    @Test
    void givesTheGatewaysProblemsTheProblemSchemaTheServicesShare() {
        ObjectNode problem = object("title", "detail", "errors");
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("wallet-service").operation("/wallets/me", "get", "mine", "Wallet").schema("Wallet", object("balance"))
                        .schema("Problem", problem).build(),
                service("pledge-service").operation("/pledges", "post", "pledge", "Pledge").schema("Pledge", object("amount"))
                        .schema("Problem", problem).build()));

        assertThat(merged.at("/components/schemas/Problem")).isEqualTo(problem);
        assertThat(merged.at("/components/responses/GatewayNotFound/content/application~1problem+json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/Problem");
    }

    @Test
    void offersOneBearerSchemeAndTheSecurityTheServicesShare() {
        JsonNode merged = ApiDocumentMerger.merge(List.of(
                service("wallet-service").operation("/wallets/me", "get", "mine", "Wallet").schema("Wallet", object("balance")).build(),
                service("pledge-service").operation("/pledges", "post", "pledge", "Pledge").schema("Pledge", object("amount")).build()));

        assertThat(merged.at("/components/securitySchemes").propertyNames()).containsExactly("bearer");
        assertThat(merged.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(merged.path("security").toString()).isEqualTo("[{\"bearer\":[]}]");
        assertThat(merged.path("servers").findValuesAsString("url")).containsExactly("/");
    }

    @Test
    void refusesAPathTwoServicesDocument() {
        assertThatThrownBy(() -> ApiDocumentMerger.merge(List.of(
                service("campaign-service").operation("/campaigns", "get", "list", "Campaign").schema("Campaign", object("title")).build(),
                service("pledge-service").operation("/campaigns", "post", "create", "Campaign").schema("Campaign", object("title")).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/campaigns");
    }

    @Test
    void refusesADocumentThatIsNotOpenApi31() {
        ServiceDocument old = service("wallet-service").operation("/wallets/me", "get", "mine", "Wallet").schema("Wallet", object("balance"))
                .build();
        ((ObjectNode) old.document()).put("openapi", "3.0.1");

        assertThatThrownBy(() -> ApiDocumentMerger.merge(List.of(old))).hasMessageContaining("wallet-service").hasMessageContaining("3.1");
    }

    /** The example bodies are ApiErrors' own; each has what its schema requires and nothing it does not describe. */
    static void assertGatewayProblemsMatchTheirSchema(JsonNode document) {
        for (String answer : List.of("GatewayNotFound", "ServiceUnreachable")) {
            JsonNode content = document.at("/components/responses/" + answer + "/content/application~1problem+json");
            String schemaName = content.at("/schema/$ref").asString().replace("#/components/schemas/", "");
            JsonNode schema = document.at("/components/schemas/" + schemaName);
            JsonNode example = content.path("example");
            assertThat(example.propertyNames()).as(answer).containsAll(schema.path("required").valueStream().map(JsonNode::asString).toList());
            assertThat(schema.path("properties").propertyNames()).as(answer).containsAll(example.propertyNames());
            assertThat(example.path("status").isInt()).as(answer).isTrue();
        }
        assertThat(document.at("/components/responses/GatewayNotFound/content/application~1problem+json/example/status").asInt())
                .isEqualTo(404);
        assertThat(document.at("/components/responses/ServiceUnreachable/content/application~1problem+json/example/status").asInt())
                .isEqualTo(502);
    }

    private static ServiceDocumentBuilder service(String name) {
        return new ServiceDocumentBuilder(name);
    }

    private static ObjectNode object(String... properties) {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode described = schema.putObject("properties");
        for (String property : properties) {
            described.putObject(property).put("type", "string");
        }
        return schema;
    }

    /** A service's document as springdoc writes one: OpenAPI 3.1, bearer security, operations answering 200 with a schema. */
    private static final class ServiceDocumentBuilder {
        private final String name;
        private final ObjectNode document = JSON.createObjectNode();

        ServiceDocumentBuilder(String name) {
            this.name = name;
            document.put("openapi", "3.1.0");
            document.putObject("info").put("title", name).put("version", "v1");
            document.putArray("security").addObject().putArray("bearer");
            document.putObject("paths");
            document.putObject("components").putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        }

        ServiceDocumentBuilder operation(String path, String method, String operationId, String answer) {
            ObjectNode operation = document.withObjectProperty("paths").withObjectProperty(path).putObject(method);
            operation.putArray("tags").add(name.replace("-service", "-controller"));
            operation.put("operationId", operationId);
            operation.putObject("responses").putObject("200").put("description", "OK").putObject("content")
                    .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + answer);
            return this;
        }

        ServiceDocumentBuilder schema(String schemaName, ObjectNode schema) {
            document.withObjectProperty("components").withObjectProperty("schemas").set(schemaName, schema.deepCopy());
            return this;
        }

        ServiceDocument build() {
            return new ServiceDocument(name, document);
        }
    }
}
