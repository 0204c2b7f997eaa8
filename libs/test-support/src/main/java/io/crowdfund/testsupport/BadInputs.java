package io.crowdfund.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed requests for every operation of an OpenAPI document: each starts from a plausible
 * request (path and required parameters, headers and JSON body sampled from the schemas) and breaks
 * one thing in it: a path variable, a query parameter, a header, one field of the body (wrong JSON
 * type, control characters, a huge string or number, a far date), or the body as a whole
 * (malformed, deeply nested, oversized, chunked oversized, another media type).
 */
final class BadInputs {

    /** One request to send: what it breaks, and its bytes. */
    record BadRequest(String what, String method, String target, List<String> headers, byte[] body, boolean chunked) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Set<String> PAGING = Set.of("page", "size", "sort");
    private static final String MARKER = "__bad_input__";
    private static final String HUGE = "x".repeat(100_000);
    private static final List<String> BAD_SEGMENTS = List.of("%00", "a%00b", "%01", "%2F", "..%2F..%2Factuator", "%zz", "%", "%C0%AF",
            "%E2%80%AE", "not-an-id", "-1", "99999999999999999999999999", "a".repeat(10_000));
    private static final List<String> BAD_QUERY_VALUES = List.of("%00", "a%00b", "%1B%5B31m", "%zz", "%", "x".repeat(10_000));
    private static final List<String> BAD_HEADER_VALUES = List.of("\u0000", "a\u0000b", "\u0001", "\u001b[31m", HUGE);
    private static final List<String> BAD_STRINGS = List.of(quote("a\u0000b"), quote("\u0000"), quote("\u0001"), quote("bell\u0007"),
            quote("esc\u001b[31m"), quote(HUGE), "{\"nested\": 1}", "[\"an\", \"array\"]");
    private static final List<String> BAD_NUMBERS = List.of("1e400", "-1e400", "123456789012345678901234567890.123", "\"not a number\"",
            "\"1\u0000\"", "{}", "[1]");
    private static final List<String> BAD_DATES = List.of(quote("+99999-01-01T00:00:00Z"), quote("99999-01-01T00:00:00Z"),
            quote("-99999-01-01T00:00:00Z"), quote("+99999-01-01"), quote("not a date"), quote("2026-02-30T25:61:00Z"), "1e400");
    private static final List<String> BAD_BODIES = List.of("{", "{\"a\": }", "", "null", "[]", "\"text\"", "{\"a\": 1}}", "\u0000",
            "[".repeat(100_000), "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), "[".repeat(900) + "]".repeat(900));

    private final JsonNode document;
    private final String token;

    BadInputs(JsonNode document, String token) {
        this.document = document;
        this.token = token;
    }

    List<BadRequest> all() {
        var requests = new ArrayList<BadRequest>();
        for (var path : document.path("paths").properties()) {
            List<String> declared = path.getValue().propertyNames().stream().filter(METHODS::contains).toList();
            for (String method : declared) {
                requests.addAll(forOperation(path.getKey(), method.toUpperCase(), path.getValue(), path.getValue().get(method)));
            }
            METHODS.stream().filter(method -> !declared.contains(method)).sorted().findFirst().ifPresent(other ->
                    requests.add(new BadRequest("method not allowed", other.toUpperCase(), concrete(path.getKey(), Map.of()),
                            auth(), null, false)));
        }
        return requests;
    }

    private List<BadRequest> forOperation(String template, String method, JsonNode pathItem, JsonNode operation) {
        var base = new Base(method, template, parameters(pathItem, operation), operation);
        var requests = new ArrayList<BadRequest>();
        base.pathValues.keySet().forEach(name -> BAD_SEGMENTS.forEach(bad ->
                requests.add(base.with("path variable " + name + "=" + abbreviate(bad), Map.of(name, bad), null, null, null))));
        for (String suffix : List.of("%00", "%2F..", "%zz", "/%00", ";x=%00")) {
            requests.add(base.raw("path suffix " + suffix, base.target() .replaceFirst("\\?|$", suffix + "$0"), base.headers(), base.body(), false));
        }
        base.queryParameters.forEach((name, schema) -> badQueryValues(name, schema).forEach(bad ->
                requests.add(base.with("query " + name + "=" + abbreviate(bad), null, Map.of(name, bad), null, null))));
        BAD_QUERY_VALUES.forEach(bad -> requests.add(base.with("undeclared query probe=" + abbreviate(bad), null, Map.of("probe", bad), null, null)));
        for (String header : base.headerValues.keySet()) {
            BAD_HEADER_VALUES.forEach(bad -> requests.add(base.with("header " + header + "=" + abbreviate(bad), null, null, Map.of(header, bad), null)));
        }
        requests.add(base.with("authorization with NUL", null, null, Map.of("Authorization", "Bearer " + token + "\u0000"), null));
        if (method.equals("GET")) {
            requests.add(base.with("not acceptable", null, null, Map.of("Accept", "application/xml"), null));
        }
        if (base.body != null) {
            for (String pointer : leaves(base.body, "")) {
                JsonNode schema = base.schemaAt(pointer);
                badValues(schema).forEach(bad -> requests.add(base.with("body " + pointer + "=" + abbreviate(bad), null, null, null,
                        replaced(base.body, pointer, bad))));
            }
            BAD_BODIES.forEach(bad -> requests.add(base.with("body " + abbreviate(bad), null, null, null, bad)));
            String oversized = "{\"padding\": \"" + HUGE + "\"}";
            requests.add(base.raw("oversized body", base.target(), base.headers(), oversized.getBytes(StandardCharsets.UTF_8), false));
            requests.add(base.raw("chunked oversized body", base.target(), base.headers(), oversized.getBytes(StandardCharsets.UTF_8), true));
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
                requests.add(base.with("content type " + type, null, null, Map.of("Content-Type", type), null));
            }
        }
        return requests;
    }

    private List<JsonNode> parameters(JsonNode pathItem, JsonNode operation) {
        var parameters = new ArrayList<JsonNode>();
        pathItem.path("parameters").values().forEach(parameter -> parameters.add(resolve(parameter)));
        operation.path("parameters").values().forEach(parameter -> parameters.add(resolve(parameter)));
        return parameters;
    }

    private List<String> badQueryValues(String name, JsonNode schema) {
        var values = new ArrayList<>(BAD_QUERY_VALUES);
        if (!PAGING.contains(name)) {
            switch (typeOf(schema)) {
                case "integer", "number" -> values.add("not-a-number");
                case "boolean" -> values.add("maybe");
                default -> {
                    if (schema.has("enum")) {
                        values.add("NOT_ONE_OF_THEM");
                    } else if ("uuid".equals(schema.path("format").asString(""))) {
                        values.add("not-a-uuid");
                    } else if (schema.path("format").asString("").startsWith("date")) {
                        values.add("not-a-date");
                    }
                }
            }
        }
        return values;
    }

    private List<String> badValues(JsonNode schema) {
        String type = typeOf(schema);
        String format = schema.path("format").asString("");
        if (type.equals("string") && format.startsWith("date")) {
            return BAD_DATES;
        }
        return switch (type) {
            case "integer", "number" -> BAD_NUMBERS;
            case "boolean" -> List.of("\"maybe\"", "{}", "[true]");
            case "array" -> List.of("\"not an array\"", "{}", "1");
            case "object" -> List.of("\"not an object\"", "[]", "1");
            default -> "uuid".equals(format)
                    ? concat(BAD_STRINGS, List.of(quote("not-a-uuid"), quote("00000000-0000-0000-0000-00000000000\u0000")))
                    : BAD_STRINGS;
        };
    }

    /** The plausible request an operation's mutations start from. */
    private final class Base {

        final String method;
        final String template;
        final Map<String, String> pathValues = new LinkedHashMap<>();
        final Map<String, JsonNode> queryParameters = new LinkedHashMap<>();
        final Map<String, String> queryValues = new LinkedHashMap<>();
        final Map<String, String> headerValues = new LinkedHashMap<>();
        final JsonNode bodySchema;
        final JsonNode body;

        Base(String method, String template, List<JsonNode> parameters, JsonNode operation) {
            this.method = method;
            this.template = template;
            for (JsonNode parameter : parameters) {
                String name = parameter.path("name").asString();
                JsonNode schema = resolve(parameter.path("schema"));
                switch (parameter.path("in").asString()) {
                    case "path" -> pathValues.put(name, sample(schema, 0).asString());
                    case "query" -> {
                        if (!schema.has("$ref") && !typeOf(schema).equals("object")) {
                            queryParameters.put(name, schema);
                            if (parameter.path("required").asBoolean(false)) {
                                queryValues.put(name, sample(schema, 0).asString());
                            }
                        }
                    }
                    case "header" -> headerValues.put(name, name.equalsIgnoreCase("Idempotency-Key") ? UUID.randomUUID().toString()
                            : sample(schema, 0).asString());
                    default -> { }
                }
            }
            JsonNode content = operation.path("requestBody").path("content");
            JsonNode json = content.has("application/json") ? content.get("application/json") : content.path("*/*");
            this.bodySchema = json.isMissingNode() ? null : resolve(json.path("schema"));
            this.body = bodySchema == null ? null : sample(bodySchema, 0);
        }

        String target() {
            return target(pathValues, queryValues);
        }

        String target(Map<String, String> path, Map<String, String> query) {
            var target = new StringBuilder(concrete(template, path));
            char separator = '?';
            for (var parameter : query.entrySet()) {
                target.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
                separator = '&';
            }
            return target.toString();
        }

        List<String> headers() {
            return headers(Map.of());
        }

        List<String> headers(Map<String, String> overrides) {
            var headers = new LinkedHashMap<String, String>();
            headers.put("Authorization", "Bearer " + token);
            headers.putAll(headerValues);
            if (body != null) {
                headers.put("Content-Type", "application/json");
            }
            headers.putAll(overrides);
            return headers.entrySet().stream().flatMap(header -> java.util.stream.Stream.of(header.getKey(), header.getValue())).toList();
        }

        String body() {
            return body == null ? null : JSON.writeValueAsString(body);
        }

        BadRequest with(String what, Map<String, String> path, Map<String, String> query, Map<String, String> headers, String rawBody) {
            var pathValues = new LinkedHashMap<>(this.pathValues);
            if (path != null) {
                pathValues.putAll(path);
            }
            var queryValues = new LinkedHashMap<>(this.queryValues);
            if (query != null) {
                queryValues.putAll(query);
            }
            String text = rawBody != null ? rawBody : body();
            return raw(what, target(pathValues, queryValues), headers(headers == null ? Map.of() : headers), text, false);
        }

        BadRequest raw(String what, String target, List<String> headers, String text, boolean chunked) {
            return raw(what, target, headers, text == null ? null : text.getBytes(StandardCharsets.UTF_8), chunked);
        }

        BadRequest raw(String what, String target, List<String> headers, byte[] bytes, boolean chunked) {
            return new BadRequest(method + " " + template + ": " + what, method, target, headers, bytes, chunked);
        }

        JsonNode schemaAt(String pointer) {
            JsonNode schema = bodySchema;
            for (String step : pointer.substring(1).split("/")) {
                schema = step.matches("\\d+") ? resolve(schema.path("items")) : resolve(schema.path("properties").path(step));
            }
            return schema;
        }
    }

    /** A plausible value for a schema: an example where there is one, else one made from its type, format and bounds. */
    private JsonNode sample(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema.has("example") && !schema.get("example").isObject() && !schema.get("example").isArray()) {
            return isPast(schema.get("example")) ? NODES.stringNode(Instant.now().plus(Duration.ofDays(90)).toString()) : schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String format = schema.path("format").asString("");
        return switch (typeOf(schema)) {
            case "integer" -> NODES.numberNode(Math.max(1, schema.path("minimum").asLong(1)));
            case "number" -> NODES.numberNode(new java.math.BigDecimal(Math.max(10, schema.path("minimum").asLong(10))));
            case "boolean" -> NODES.booleanNode(false);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                if (depth < 5) {
                    array.add(sample(schema.path("items"), depth + 1));
                }
                yield array;
            }
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 5) {
                    schema.path("properties").properties().forEach(property -> object.set(property.getKey(), sample(property.getValue(), depth + 1)));
                }
                yield object;
            }
            default -> NODES.stringNode(switch (format) {
                case "uuid" -> UUID.randomUUID().toString();
                case "date-time" -> Instant.now().plus(Duration.ofDays(30)).toString();
                case "date" -> LocalDate.now().plusDays(30).toString();
                case "email" -> "probe-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                case "uri", "url" -> "https://example.com/probe";
                default -> "probe" + "p".repeat(Math.max(0, schema.path("minLength").asInt(0) - 5));
            });
        };
    }

    /**
     * Whether an example is an instant less than 60 days ahead (an example deadline written a while
     * ago): then one 90 days ahead stands in, later than the made-up ones (30 days ahead).
     */
    private static boolean isPast(JsonNode example) {
        try {
            return Instant.parse(example.asString()).isBefore(Instant.now().plus(Duration.ofDays(60)));
        } catch (RuntimeException notAnInstant) {
            return false;
        }
    }

    private JsonNode resolve(JsonNode schema) {
        for (int i = 0; i < 10 && schema.has("$ref"); i++) {
            schema = document.at(schema.get("$ref").asString().substring(1));
        }
        for (String combined : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.has(combined) && !schema.has("properties")) {
                return resolve(schema.get(combined).get(0));
            }
        }
        return schema;
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            return type.values().stream().map(JsonNode::asString).filter(t -> !t.equals("null")).findFirst().orElse("string");
        }
        if (type.isMissingNode()) {
            return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
        }
        return type.asString();
    }

    /** JSON pointers of every field and array item of a sample body. */
    private static List<String> leaves(JsonNode node, String pointer) {
        var leaves = new ArrayList<String>();
        if (!pointer.isEmpty()) {
            leaves.add(pointer);
        }
        if (node.isObject()) {
            node.properties().forEach(property -> leaves.addAll(leaves(property.getValue(), pointer + "/" + property.getKey())));
        } else if (node.isArray() && !node.isEmpty()) {
            leaves.addAll(leaves(node.get(0), pointer + "/0"));
        }
        return leaves;
    }

    /** The body as JSON text with the value at {@code pointer} replaced by a raw JSON fragment (perhaps not JSON at all). */
    private static String replaced(JsonNode body, String pointer, String fragment) {
        JsonNode copy = body.deepCopy();
        int last = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, last));
        String step = pointer.substring(last + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(step), NODES.stringNode(MARKER));
        } else {
            ((ObjectNode) parent).put(step, MARKER);
        }
        return JSON.writeValueAsString(copy).replace(quote(MARKER), fragment);
    }

    private static String concrete(String template, Map<String, String> values) {
        String path = template;
        for (var value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path.replaceAll("\\{[^}/]+}", UUID.randomUUID().toString());
    }

    private List<String> auth() {
        return List.of("Authorization", "Bearer " + token);
    }

    private static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    private static String abbreviate(String text) {
        String visible = text.chars().mapToObj(c -> c < 0x20 ? "\\u%04x".formatted(c) : String.valueOf((char) c))
                .reduce(new StringBuilder(), StringBuilder::append, StringBuilder::append).toString();
        return visible.length() > 40 ? visible.substring(0, 40) + "...(" + text.length() + " chars)" : visible;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        var all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
