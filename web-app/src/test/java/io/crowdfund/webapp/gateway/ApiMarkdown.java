package io.crowdfund.webapp.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * The reference part of {@code docs/api.md}, rendered from the API's OpenAPI document: the answers every operation may
 * give, then each operation by tag (method and path, who may call it, parameters, request body, answers), then each schema
 * with its fields. Markdown only, deterministic: the same document renders the same text.
 */
final class ApiMarkdown {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String RESPONSES = "#/components/responses/";

    private final JsonNode document;

    private ApiMarkdown(JsonNode document) {
        this.document = document;
    }

    static String render(JsonNode document) {
        return new ApiMarkdown(document).render();
    }

    private String render() {
        List<Operation> operations = operations();
        List<String> everywhere = answersOfEveryOperation(operations);
        StringBuilder out = new StringBuilder();
        out.append("## Operations\n\nBesides the answers listed with each operation below, every operation may answer:\n\n")
                .append("| status | when | body and headers |\n|---|---|---|\n");
        for (String answer : everywhere) {
            out.append(answer).append('\n');
        }
        for (JsonNode tag : document.path("tags")) {
            String name = tag.path("name").asString();
            out.append("\n### ").append(name).append("\n\n").append(capitalised(sentence(tag.path("description").asString(""))))
                    .append('\n');
            operations.stream().filter(operation -> operation.tag().equals(name))
                    .forEach(operation -> operation(out, operation, answer -> !everywhere.contains(answer)));
        }
        out.append("\n## Schemas\n\nThe request and response bodies, by the names the operations use. A field not marked required may be "
                + "absent.\n");
        for (var schema : document.path("components").path("schemas").properties()) {
            schema(out, schema.getKey(), schema.getValue());
        }
        return out.append('\n').toString();
    }

    private record Operation(String tag, String method, String path, JsonNode definition) {
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (var path : document.path("paths").properties()) {
            for (String method : METHODS) {
                JsonNode operation = path.getValue().path(method);
                if (!operation.isMissingNode()) {
                    operations.add(new Operation(operation.path("tags").path(0).asString(), method, path.getKey(), operation));
                }
            }
        }
        return operations;
    }

    /** The rows of the answers table that every operation has, word for word (the gateway's own and the shared limits). */
    private List<String> answersOfEveryOperation(List<Operation> operations) {
        Map<String, Long> counts = operations.stream().flatMap(operation -> answers(operation.definition()).stream())
                .collect(Collectors.groupingBy(row -> row, Collectors.counting()));
        return counts.entrySet().stream().filter(count -> count.getValue() == operations.size()).map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder()).toList();
    }

    private void operation(StringBuilder out, Operation operation, Predicate<String> ownAnswer) {
        JsonNode definition = operation.definition();
        out.append("\n#### ").append(operation.method().toUpperCase()).append(' ').append(operation.path()).append("\n\n");
        String summary = definition.path("summary").asString("");
        String description = definition.path("description").asString("");
        String text = (summary.isEmpty() ? "" : "**" + sentence(summary) + "** ") + sentence(oneLine(description));
        if (!text.isBlank()) {
            out.append(text.strip()).append("\n\n");
        }
        out.append("Who: ").append(who(definition)).append(" Operation id: `").append(definition.path("operationId").asString())
                .append("`.\n");
        if (!definition.path("parameters").isEmpty()) {
            out.append("\n| parameter | in | type | required | meaning |\n|---|---|---|---|---|\n");
            for (JsonNode parameter : definition.path("parameters")) {
                JsonNode schema = parameter.path("schema");
                out.append("| `").append(parameter.path("name").asString()).append("` | ").append(parameter.path("in").asString())
                        .append(" | ").append(cell(type(schema))).append(" | ")
                        .append(parameter.path("required").asBoolean() ? "yes" : "no")
                        .append(" | ").append(cell(meaning(parameter.path("description").asString(""), schema, parameter.path("example"))))
                        .append(" |\n");
            }
        }
        JsonNode body = definition.path("requestBody");
        if (!body.isMissingNode()) {
            out.append("\nRequest body").append(body.path("required").asBoolean() ? " (required)" : " (optional)").append(": ")
                    .append(content(body.path("content"))).append(".\n");
        }
        out.append("\n| status | when | body and headers |\n|---|---|---|\n");
        answers(definition).stream().filter(ownAnswer).forEach(row -> out.append(row).append('\n'));
    }

    private String who(JsonNode operation) {
        JsonNode security = operation.has("security") ? operation.path("security") : document.path("security");
        boolean anyone = security.isMissingNode() || security.isEmpty()
                || security.valueStream().anyMatch(requirement -> requirement.isEmpty());
        if (anyone) {
            return "anyone; no token needed.";
        }
        JsonNode forbidden = response(operation.path("responses").path("403"));
        return forbidden.isMissingNode() ? "any signed-in user (a bearer token)."
                : "a signed-in user (a bearer token); 403: " + sentence(forbidden.path("description").asString());
    }

    private List<String> answers(JsonNode operation) {
        List<String> rows = new ArrayList<>();
        for (var status : operation.path("responses").properties()) {
            JsonNode answer = response(status.getValue());
            List<String> parts = new ArrayList<>();
            if (!answer.path("content").isMissingNode()) {
                parts.add(content(answer.path("content")));
            }
            for (var header : answer.path("headers").properties()) {
                String meaning = header.getValue().path("description").asString("");
                parts.add("header `" + header.getKey() + "`" + (meaning.isEmpty() ? "" : ": " + meaning));
            }
            rows.add("| " + status.getKey() + " | " + cell(answer.path("description").asString("")) + " | "
                    + cell(String.join("; ", parts)) + " |");
        }
        return rows;
    }

    /** A response, or the shared one it refers to. */
    private JsonNode response(JsonNode response) {
        String reference = response.path("$ref").asString("");
        return reference.startsWith(RESPONSES) ? document.path("components").path("responses").path(reference.substring(RESPONSES.length()))
                : response;
    }

    /** The body's schema, and its media type unless JSON (problems are {@code application/problem+json}, as docs/api.md says). */
    private String content(JsonNode content) {
        List<String> parts = new ArrayList<>();
        for (var media : content.properties()) {
            String type = type(media.getValue().path("schema"));
            parts.add(media.getKey().matches("application/(problem\\+)?json") ? type : type + " (`" + media.getKey() + "`)");
        }
        return String.join(" or ", parts);
    }

    private void schema(StringBuilder out, String name, JsonNode schema) {
        out.append("\n#### ").append(name).append("\n\n");
        String description = schema.path("description").asString("");
        if (!description.isEmpty()) {
            out.append(capitalised(sentence(oneLine(description)))).append("\n\n");
        }
        if (schema.path("properties").isEmpty()) {
            out.append(sentence(type(schema))).append('\n');
            return;
        }
        List<String> required = schema.path("required").valueStream().map(JsonNode::asString).toList();
        out.append("| field | type | required | meaning |\n|---|---|---|---|\n");
        for (var field : schema.path("properties").properties()) {
            JsonNode property = field.getValue();
            out.append("| `").append(field.getKey()).append("` | ").append(cell(type(property))).append(" | ")
                    .append(required.contains(field.getKey()) ? "yes" : "no").append(" | ")
                    .append(cell(meaning(property.path("description").asString(""), property, property.path("example")))).append(" |\n");
        }
    }

    /** A schema's type as a reader says it: a link to a named schema, "array of …", "string (uuid)", "one of `A`, `B`", "… or null". */
    static String type(JsonNode schema) {
        String reference = schema.path("$ref").asString("");
        if (reference.startsWith(SCHEMAS)) {
            String name = reference.substring(SCHEMAS.length());
            return "[" + name + "](#" + name.toLowerCase() + ")";
        }
        List<String> types = schema.path("type").isArray() ? schema.path("type").valueStream().map(JsonNode::asString).toList()
                : schema.path("type").isMissingNode() ? List.of() : List.of(schema.path("type").asString());
        boolean nullable = types.contains("null") || schema.path("enum").valueStream().anyMatch(JsonNode::isNull);
        String type;
        if (schema.has("enum")) {
            type = "one of " + schema.path("enum").valueStream().filter(value -> !value.isNull()).map(value -> "`" + value.asString() + "`")
                    .collect(Collectors.joining(", "));
        } else {
            String base = types.stream().filter(t -> !t.equals("null")).findFirst().orElse("any");
            String format = schema.path("format").asString("");
            type = switch (base) {
                case "array" -> "array of " + type(schema.path("items"));
                case "string" -> format.isEmpty() ? "string" : "string (" + format + ")";
                default -> base;
            };
        }
        return nullable ? type + ", or null" : type;
    }

    /** The description, then the schema's limits, default and example. */
    static String meaning(String description, JsonNode schema, JsonNode example) {
        List<String> parts = new ArrayList<>();
        if (!description.isEmpty()) {
            parts.add(oneLine(description));
        }
        long minLength = schema.path("minLength").asLong(0);
        long maxLength = schema.path("maxLength").asLong(Integer.MAX_VALUE);
        if (maxLength < Integer.MAX_VALUE) {
            parts.add(minLength > 0 ? minLength + " to " + maxLength + " characters" : "at most " + characters(maxLength));
        } else if (minLength > 0) {
            parts.add("at least " + characters(minLength));
        }
        limit(parts, schema, "exclusiveMinimum", "more than ");
        limit(parts, schema, "minimum", "at least ");
        limit(parts, schema, "maximum", "at most ");
        limit(parts, schema, "minItems", "at least ", " items");
        limit(parts, schema, "maxItems", "at most ", " items");
        if (schema.has("pattern")) {
            parts.add("matches `" + schema.path("pattern").asString() + "`");
        }
        if (schema.has("default")) {
            parts.add("default " + literal(schema.path("default")));
        }
        JsonNode shown = example.isMissingNode() ? schema.path("example") : example;
        if (!shown.isMissingNode()) {
            parts.add("example: " + literal(shown));
        }
        return String.join("; ", parts);
    }

    private static void limit(List<String> parts, JsonNode schema, String keyword, String words) {
        limit(parts, schema, keyword, words, "");
    }

    private static void limit(List<String> parts, JsonNode schema, String keyword, String words, String unit) {
        if (schema.has(keyword) && !(keyword.equals("minItems") && schema.path(keyword).asLong() == 0)) {
            parts.add(words + schema.path(keyword).toString() + unit);
        }
    }

    private static String characters(long count) {
        return count == 1 ? "1 character" : count + " characters";
    }

    private static String literal(JsonNode value) {
        return "`" + (value.isString() ? value.asString() : value.toString()) + "`";
    }

    /** Text fit for one table cell: on one line, its pipes escaped. */
    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|");
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\n\\s*", " ");
    }

    private static String sentence(String text) {
        return text.isEmpty() || text.endsWith(".") || text.endsWith("?") || text.endsWith("!") ? text : text + ".";
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
