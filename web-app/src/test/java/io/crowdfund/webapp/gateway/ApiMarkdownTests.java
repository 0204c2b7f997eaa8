package io.crowdfund.webapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * docs/api.md's reference part is the API's document rendered ({@link ApiMarkdown}): between its two markers it holds
 * exactly what the snapshot web-app serves gives, so the document a client developer reads cannot drift from the one the
 * API publishes. With {@value #UPDATE} set, the check writes the rendering between the markers instead. The parts around
 * the markers (concepts: authentication, errors, idempotency, streams, paging) are written by hand.
 */
class ApiMarkdownTests {

    static final Path DOCUMENT = Path.of("").toAbsolutePath().resolve("../docs/api.md").normalize();
    static final String BEGIN = "<!-- BEGIN GENERATED: the operations and schemas of web-app/src/main/resources/api/openapi.json "
            + "(ApiMarkdownTests); edit the services' OpenAPI annotations, not this part -->\n";
    static final String END = "<!-- END GENERATED -->\n";
    private static final String UPDATE = "crowdfund.api-md.update";
    /** Rewrites docs/api.md's generated part from the snapshot (run from the project's root). */
    static final String REGENERATE = "./mvnw -B -q test -pl web-app -am -Dsurefire.failIfNoSpecifiedTests=false "
            + "-Dtest='ApiMarkdownTests#docsHoldTheSnapshotsOperationsAndSchemas' -D" + UPDATE + "=true";

    @Test
    void docsHoldTheSnapshotsOperationsAndSchemas() throws IOException {
        String markdown = Files.readString(DOCUMENT);
        String rendered = ApiMarkdown.render(snapshot());
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(DOCUMENT, withGenerated(markdown, rendered));
            System.out.println("Wrote the operations and schemas of the API's document into " + DOCUMENT);
            return;
        }
        assertThat(generated(markdown)).as("%s between its markers is not what the API's document (%s) gives. Regenerate it, from the "
                + "project's root, with:%n%s%n", DOCUMENT, "web-app/src/main/resources/" + ApiDocumentMerger.SNAPSHOT, REGENERATE)
                .isEqualTo(rendered);
    }

    /** The check above can fail: the snapshot with one operation fewer renders other text, and without that operation. */
    @Test
    void anOperationLeftOutOfTheDocumentChangesTheRendering() {
        JsonNode document = snapshot();
        ObjectNode changed = (ObjectNode) document.deepCopy();
        ((ObjectNode) changed.path("paths").path("/api/pledges")).remove("post");

        String rendered = ApiMarkdown.render(changed);

        assertThat(ApiMarkdown.render(document)).contains("#### POST /api/pledges\n");
        assertThat(rendered).isNotEqualTo(ApiMarkdown.render(document)).doesNotContain("#### POST /api/pledges\n");
    }

    @Test
    void rendersEveryOperationAndEverySchemaOfTheSnapshot() {
        JsonNode document = snapshot();
        String rendered = ApiMarkdown.render(document);

        for (var path : document.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                assertThat(rendered).contains("\n#### " + method.toUpperCase() + " " + path.getKey() + "\n");
            }
        }
        for (String schema : document.path("components").path("schemas").propertyNames()) {
            assertThat(rendered).contains("\n#### " + schema + "\n");
        }
        assertThat(rendered).doesNotContain("](http");
    }

    @Test
    void saysWhoMayCallEachOperation() {
        String rendered = ApiMarkdown.render(snapshot());

        assertThat(section(rendered, "#### POST /api/users")).contains("Who: anyone; no token needed.");
        assertThat(section(rendered, "#### GET /api/wallets/me")).contains("Who: any signed-in user (a bearer token).");
        assertThat(section(rendered, "#### POST /api/closures/{campaignId}/close"))
                .contains("Who: a signed-in user (a bearer token); 403: Only an operator may do this.");
    }

    @Test
    void describesFieldsWithTheirTypesLimitsAndExamples() {
        String rendered = ApiMarkdown.render(snapshot());

        assertThat(section(rendered, "#### NewUser"))
                .contains("| `password` | string | yes | 8 to 72 characters; example: `correct horse battery` |");
        assertThat(section(rendered, "#### Pledge")).contains("| `rejectionReason` | one of `INSUFFICIENT_FUNDS`,")
                .contains(", or null | no | why it was REJECTED |");
        assertThat(section(rendered, "#### PagedModelPledge")).contains("| `content` | array of [Pledge](#pledge) | yes |");
    }

    static String generated(String markdown) {
        int begin = markdown.indexOf(BEGIN);
        int end = markdown.indexOf(END);
        assertThat(begin).as("%s has the line %s", DOCUMENT, BEGIN.strip()).isNotNegative();
        assertThat(end).as("%s has the line %s after it", DOCUMENT, END.strip()).isGreaterThan(begin);
        return markdown.substring(begin + BEGIN.length(), end);
    }

    static String withGenerated(String markdown, String rendered) {
        generated(markdown);
        return markdown.substring(0, markdown.indexOf(BEGIN) + BEGIN.length()) + rendered + markdown.substring(markdown.indexOf(END));
    }

    /** From the heading to the next heading of any level. */
    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int next = markdown.indexOf("\n#", start + heading.length() + 2);
        return markdown.substring(start, next < 0 ? markdown.length() : next);
    }

    private static JsonNode snapshot() {
        try {
            return ApiDocumentMerger.read(new ClassPathResource(ApiDocumentMerger.SNAPSHOT).getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
