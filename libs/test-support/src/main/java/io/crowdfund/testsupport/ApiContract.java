package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.OpenApi31;
import com.networknt.schema.path.PathType;

import io.crowdfund.testsupport.HttpTestClient.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's OpenAPI 3.1 document as the contract its responses keep: for one exchange, the
 * operation it belongs to, and what in the response the document does not describe (an
 * undocumented status, media type or API header, a missing required header, a body for a status
 * without content, a body that does not validate against the schema). Bodies are checked with a
 * JSON Schema 2020-12 validator (OpenAPI 3.1 dialect), {@code $ref}s resolved inside the document;
 * every object schema with {@code properties} and no {@code additionalProperties} is taken as
 * closed, so a field the document does not name is a violation.
 *
 * <pre>{@code
 * ApiContract.Verdict verdict = ApiContract.at("http://127.0.0.1:8081/v3/api-docs").check("GET", "/campaigns/42", response);
 * }</pre>
 */
public final class ApiContract {

    /**
     * The switch for checking responses in tests, set from the build ({@code -Dcrowdfund.test.validate-responses=true},
     * or the property of the same name in the parent POM, which passes it to every test JVM); off when absent.
     */
    public static final String SWITCH = "crowdfund.test.validate-responses";

    private static final Set<String> API_HEADERS = Set.of("location", "retry-after", "etag", "idempotent-replayed", "preference-applied",
            "deprecation");
    private static final String DOCUMENT_IRI = "https://contract.test/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, ApiContract> LOADED = new ConcurrentHashMap<>();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private ApiContract(JsonNode document) {
        this.document = document;
        JsonNode closed = closeObjects(document.deepCopy());
        this.registry = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(), registry -> registry
                .schemas(Map.of(DOCUMENT_IRI, closed.toString()))
                .schemaLoader(loader -> loader.fetchRemoteResources(false))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build()));
    }

    /** Whether tests check the responses they receive against their documents: see {@link #SWITCH}. */
    public static boolean checksResponses() {
        return Boolean.getBoolean(SWITCH);
    }

    /** The document served at {@code url}, loaded once. */
    public static ApiContract at(String url) {
        return LOADED.computeIfAbsent(url, ApiContract::load);
    }

    public static ApiContract of(String document) {
        return new ApiContract(JSON.readTree(document));
    }

    /** What in {@code response} to {@code method target} (path and query) the document does not describe. */
    public Verdict check(String method, String target, Response response) {
        String path = target.split("[?#]", 2)[0];
        Optional<String> template = templateFor(method, path);
        if (template.isEmpty()) {
            return Verdict.NOT_AN_OPERATION;
        }
        String operation = method.toUpperCase(Locale.ROOT) + " " + template.get();
        String responses = pointer("", "paths", template.get(), method.toLowerCase(Locale.ROOT), "responses");
        var violations = new ArrayList<String>();
        Optional<String> documented = documentedResponse(responses, response.status());
        if (documented.isEmpty()) {
            violations.add("%s: undocumented status %d".formatted(operation, response.status()));
        } else {
            String where = operation + " " + response.status();
            checkHeaders(where, documented.get(), response, violations);
            checkContent(where, documented.get(), response, violations);
        }
        return new Verdict(operation, violations);
    }

    /** The document's path template for {@code path} with {@code method}, literal segments winning over variables. */
    private Optional<String> templateFor(String method, String path) {
        String[] segments = path.split("/", -1);
        return document.path("paths").properties().stream()
                .filter(item -> item.getValue().has(method.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getKey)
                .filter(template -> literalsMatched(template.split("/", -1), segments) >= 0)
                .max(Comparator.comparingInt(template -> literalsMatched(template.split("/", -1), segments)));
    }

    /** How many literal segments of the template match the path, or -1 if the path does not match it. */
    private static int literalsMatched(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return -1;
        }
        int literals = 0;
        for (int i = 0; i < template.length; i++) {
            boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
            if (variable ? segments[i].isEmpty() : !template[i].equals(segments[i])) {
                return -1;
            }
            literals += variable ? 0 : 1;
        }
        return literals;
    }

    /** The pointer to the response object documented for {@code status}: its exact code, else its range (4XX), else default. */
    private Optional<String> documentedResponse(String responses, int status) {
        JsonNode documented = document.at(responses);
        return Stream.of(String.valueOf(status), status / 100 + "XX", "default")
                .filter(documented::has)
                .findFirst()
                .map(code -> resolve(pointer(responses, code)));
    }

    private void checkHeaders(String where, String documented, Response response, List<String> violations) {
        var headers = new TreeMap<String, String>();
        document.at(documented).path("headers").propertyNames().forEach(name ->
                headers.put(name.toLowerCase(Locale.ROOT), resolve(pointer(documented, "headers", name))));
        for (String name : API_HEADERS) {
            if (response.header(name).isPresent() && !headers.containsKey(name)) {
                violations.add("%s: undocumented header %s".formatted(where, name));
            }
        }
        headers.forEach((name, header) -> {
            if (document.at(header).path("required").asBoolean(false) && response.header(name).isEmpty()) {
                violations.add("%s: required header %s missing".formatted(where, name));
            }
        });
    }

    private void checkContent(String where, String documented, Response response, List<String> violations) {
        JsonNode content = document.at(documented).path("content");
        if (content.isEmpty()) {
            if (!response.body().isEmpty()) {
                violations.add("%s: a body where none is documented (%s)".formatted(where, response.contentType()));
            }
            return;
        }
        String mediaType = response.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        Optional<String> key = Stream.of(mediaType, mediaType.replaceFirst("/.*", "/*"), "*/*").filter(content::has).findFirst();
        if (key.isEmpty()) {
            violations.add("%s: undocumented content type '%s' (documented: %s)".formatted(where, response.contentType(), content.propertyNames()));
        } else if (content.path(key.get()).has("schema") && (mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            checkBody(where, pointer(documented, "content", key.get(), "schema"), response.body(), violations);
        }
    }

    private void checkBody(String where, String schema, String body, List<String> violations) {
        if (body.isBlank()) {
            violations.add("%s: an empty body".formatted(where));
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException notJson) {
            violations.add("%s: a body that is not JSON".formatted(where));
            return;
        }
        schemas.computeIfAbsent(schema, this::compile).validate(json).forEach(error -> violations.add(where + ": body " + inWords(error)));
    }

    private static String inWords(Error error) {
        String at = error.getInstanceLocation().toString();
        if ("unevaluatedProperties".equals(error.getKeyword())) {
            return at + "/" + error.getProperty() + ": undocumented field";
        }
        JsonNode value = error.getInstanceNode();
        return (at.isEmpty() ? "/" : at) + ": " + error.getMessage() + (value != null && value.isValueNode() ? " (value: " + value + ")" : "");
    }

    private Schema compile(String pointer) {
        return registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer));
    }

    /** The pointer of the object at {@code pointer}, following a {@code $ref} to elsewhere in the document. */
    private String resolve(String pointer) {
        String ref = document.at(pointer).path("$ref").asString("");
        return ref.startsWith("#/") ? resolve(ref.substring(1)) : pointer;
    }

    /** Every object schema that names its properties and says nothing of others, closed to others. */
    private static JsonNode closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("properties").isObject() && !object.has("additionalProperties")
                && !object.has("unevaluatedProperties")) {
            object.put("unevaluatedProperties", false);
        }
        node.values().forEach(ApiContract::closeObjects);
        return node;
    }

    /** {@code base} (a JSON pointer) followed by {@code tokens}, escaped. */
    private static String pointer(String base, String... tokens) {
        var pointer = new StringBuilder(base);
        for (String token : tokens) {
            pointer.append('/').append(token.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static ApiContract load(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("No OpenAPI document at " + url + ": " + response.statusCode() + " " + response.body());
            }
            return of(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("No OpenAPI document at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The operation an exchange belongs to ({@code "GET /campaigns/{id}"}), or none for a path or method the document
     * does not have, and what in the response the document does not describe.
     */
    public record Verdict(String operation, List<String> violations) {

        static final Verdict NOT_AN_OPERATION = new Verdict(null, List.of());

        public boolean isOperation() {
            return operation != null;
        }
    }
}
