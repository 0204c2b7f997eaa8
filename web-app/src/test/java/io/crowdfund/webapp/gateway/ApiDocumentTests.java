package io.crowdfund.webapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import tools.jackson.databind.JsonNode;

/**
 * The snapshot web-app serves at {@code /api/openapi.json} is a valid OpenAPI 3.1 document, to the letter: swagger-parser
 * reads it with references resolved and has nothing to say, neither error nor warning.
 */
class ApiDocumentTests {

    @Test
    void snapshotParsesAsOpenApi31WithoutASingleMessage() throws IOException {
        SwaggerParseResult parsed = parse(snapshot());

        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty().allSatisfy((path, item) -> assertThat(path).startsWith("/api/"));
    }

    /** The check above can fail: the same parser, on the snapshot with a reference to nothing, has something to say. */
    @Test
    void parserReportsAReferenceToNothing() throws IOException {
        String broken = snapshot().replaceFirst("\"#/components/schemas/[A-Za-z]+\"", "\"#/components/schemas/NoSuchSchema\"");

        assertThat(parse(broken).getMessages()).anySatisfy(message -> assertThat(message).contains("NoSuchSchema"));
    }

    @Test
    void everyOperationHasOneServiceTagAndTheGatewaysOwnAnswers() throws IOException {
        JsonNode document = ApiDocumentMerger.read(snapshot());
        List<String> services = document.path("tags").findValuesAsString("name");
        for (var path : document.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                String where = operation.getKey() + " " + path.getKey();
                assertThat(operation.getValue().path("tags").valueStream().map(JsonNode::asString)).as(where).singleElement().isIn(services);
                assertThat(operation.getValue().path("responses").propertyNames()).as(where).contains("404", "502");
            }
        }
        ApiDocumentMergerTests.assertGatewayProblemsMatchTheirSchema(document);
    }

    private static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }

    private static String snapshot() throws IOException {
        return new ClassPathResource(ApiDocumentMerger.SNAPSHOT).getContentAsString(StandardCharsets.UTF_8);
    }
}
