package io.crowdfund.webapp.gateway;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's own answers, RFC 9457 problems like the services': what {@link ApiErrors} sends, and how the API document
 * shows them on every operation. Free of the servlet API, so the document can be merged outside web-app.
 */
public final class GatewayProblems {

    /** Sent with a 502: seconds to wait before trying again. */
    public static final String RETRY_AFTER_SECONDS = "5";

    /** Spring's own shape of a problem, as the services write it: no {@code "properties": null}, no default {@code type}. */
    public static final JsonMapper JSON = JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

    private static final String NOT_FOUND = "GatewayNotFound";
    private static final String UNREACHABLE = "ServiceUnreachable";

    private GatewayProblems() {
    }

    /** A path under /api that no service serves. */
    static ProblemDetail notFound(String path) {
        return problem(HttpStatus.NOT_FOUND, "No API endpoint at this path", path);
    }

    /** The service behind the path cannot be reached. */
    public static ProblemDetail serviceUnreachable(String path) {
        return problem(HttpStatus.BAD_GATEWAY, "The service behind this path is unavailable; try again shortly", path);
    }

    public static ProblemDetail problem(HttpStatus status, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank")); // as the services name it: RFC 9457's default, written out
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(path));
        return problem;
    }

    /**
     * Adds the gateway's 404 and 502 to every operation that does not document its own, as responses in the components with
     * an example body written as {@link ApiErrors} writes it. Their schema is the services' shared {@code Problem} when
     * there is one, else the gateway's own description of what it writes.
     */
    static void describe(ObjectNode paths, ObjectNode components) {
        components.withObjectProperty("schemas").putIfAbsent("Problem", schema());
        ObjectNode responses = components.withObjectProperty("responses");
        if (responses.has(NOT_FOUND) || responses.has(UNREACHABLE)) {
            throw new IllegalArgumentException("A service's document has a response named as the gateway's own: " + responses.propertyNames());
        }
        responses.set(NOT_FOUND, answer("No service serves this path (the gateway's answer)", notFound("/api/campaign")));
        ObjectNode unreachable = answer("The service behind this path is unreachable (the gateway's answer); try again after "
                + "Retry-After seconds", serviceUnreachable("/api/webhooks"));
        unreachable.putObject("headers").putObject("Retry-After").put("description", "Seconds to wait before trying again")
                .putObject("schema").put("type", "integer");
        responses.set(UNREACHABLE, unreachable);
        ApiDocumentMerger.forEachOperation(paths, operation -> {
            ObjectNode answers = operation.withObjectProperty("responses");
            answers.putIfAbsent("404", JSON.createObjectNode().put("$ref", "#/components/responses/" + NOT_FOUND));
            answers.putIfAbsent("502", JSON.createObjectNode().put("$ref", "#/components/responses/" + UNREACHABLE));
            operation.set("responses", ApiDocumentMerger.sorted(answers));
        });
    }

    private static ObjectNode answer(String description, ProblemDetail example) {
        ObjectNode answer = JSON.createObjectNode().put("description", description);
        ObjectNode problem = answer.putObject("content").putObject("application/problem+json");
        problem.putObject("schema").put("$ref", "#/components/schemas/Problem");
        problem.set("example", JSON.<JsonNode>valueToTree(example));
        return answer;
    }

    /** What {@link ApiErrors} writes: Spring's problem without extra members ({@code type} absent means about:blank). */
    private static ObjectNode schema() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object").put("description", "An RFC 9457 problem");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("type").put("type", "string").put("format", "uri-reference").put("default", "about:blank");
        properties.putObject("title").put("type", "string");
        properties.putObject("status").put("type", "integer").put("format", "int32");
        properties.putObject("detail").put("type", "string");
        properties.putObject("instance").put("type", "string").put("format", "uri-reference");
        schema.putArray("required").add("title").add("status");
        return schema;
    }
}
