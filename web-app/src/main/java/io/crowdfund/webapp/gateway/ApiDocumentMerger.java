package io.crowdfund.webapp.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's OpenAPI 3.1 document, merged from the services' own documents: one document for the one base URL. Each
 * service's paths go under {@code /api}, as clients call them, and its operations carry its name as their only tag.
 * Components merge by name: the same content once; different contents ({@link SharedNames}) get the service's name in
 * front ({@code Registration} becomes {@code WalletRegistration} and {@code NotificationRegistration}) and every
 * {@code $ref} follows. An operationId two services use is renamed the same way ({@code get} becomes {@code pledgeGet}).
 * One {@code bearer} scheme. Every operation also lists the gateway's own answers, a 404 and a 502 problem
 * ({@link GatewayProblems}).
 *
 * <p>Web-app serves a snapshot of the result ({@link #SNAPSHOT}), written from the running services by a system test that
 * fails when the snapshot is stale; nobody edits it by hand.
 */
public final class ApiDocumentMerger {

    /** Where the merged document lives on web-app's classpath (and under {@code src/main/resources}). */
    public static final String SNAPSHOT = "api/openapi.json";

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private ApiDocumentMerger() {
    }

    /** Parses a document as the merger reads it (decimals exactly as written). */
    public static JsonNode read(String json) {
        return JSON.readTree(json);
    }

    /** The document as the snapshot holds it: indented, ending with a newline. */
    public static String write(JsonNode document) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
    }

    public static ObjectNode merge(List<ServiceDocument> services) {
        services.forEach(ApiDocumentMerger::requireOpenApi31AndOnlyBearer);
        Set<String> renamedComponents = SharedNames.componentsThatDiffer(services);
        Set<String> sharedOperationIds = SharedNames.operationIds(services);
        JsonNode commonSecurity = commonSecurity(services);

        ObjectNode merged = JSON.createObjectNode().put("openapi", "3.1.0");
        merged.set("info", info(services));
        merged.putArray("servers").addObject().put("url", "/")
                .put("description", "The web app that serves this document: the site, and the gateway under /api");
        if (commonSecurity != null) {
            merged.set("security", commonSecurity);
        }
        ArrayNode tags = merged.putArray("tags");
        ObjectNode paths = JSON.createObjectNode();
        ObjectNode components = JSON.createObjectNode();
        for (ServiceDocument service : services) {
            tags.addObject().put("name", service.service()).put("description", "Routed by the gateway to " + service.service());
            JsonNode document = service.withReferencesTo(renamedComponents);
            addPaths(paths, service, document, sharedOperationIds, commonSecurity == null);
            for (String key : service.componentKeys()) {
                add(components, renamedComponents.contains(key) ? service.renamed(key) : key, ServiceDocument.component(document, key));
            }
        }
        components.putObject("securitySchemes").set("bearer", JSON.createObjectNode().put("type", "http").put("scheme", "bearer")
                .put("bearerFormat", "JWT").put("description", "An access token from POST /api/auth/token, passed to the services unchanged"));
        GatewayProblems.describe(paths, components);
        requireUniqueOperationIds(paths);
        merged.set("paths", sorted(paths));
        merged.set("components", sorted(components, ApiDocumentMerger::sorted));
        return merged;
    }

    private static void requireOpenApi31AndOnlyBearer(ServiceDocument service) {
        if (!service.document().path("openapi").asString("").startsWith("3.1.")) {
            throw new IllegalArgumentException(service.service() + "'s document is not OpenAPI 3.1: " + service.document().path("openapi"));
        }
        Set<String> schemes = new HashSet<>(service.document().path("components").path("securitySchemes").propertyNames());
        if (!Set.of("bearer").containsAll(schemes)) {
            throw new IllegalArgumentException(service.service() + " has security schemes other than bearer: " + schemes);
        }
    }

    private static ObjectNode info(List<ServiceDocument> services) {
        Set<String> versions = services.stream().map(service -> service.document().path("info").path("version").asString(""))
                .collect(Collectors.toSet());
        if (versions.size() != 1) {
            throw new IllegalArgumentException("The services' documents give different versions: " + versions);
        }
        return JSON.createObjectNode().put("title", "Crowdfunding platform API").put("version", versions.iterator().next())
                .put("description", """
                        Every service of the platform behind one base URL: the gateway routes `/api/<path>` to the service \
                        that owns `<path>` and passes bearer tokens through unchanged. Errors are RFC 9457 problems \
                        (`application/problem+json`); besides the services' own, the gateway answers 404 for a path no service \
                        serves and 502 (with `Retry-After`) when the service is unreachable. Merged from the services' own \
                        documents (`/v3/api-docs` on each service), never edited by hand.""");
    }

    /** The top-level security every service declares, or null when they differ (each operation then gets its service's). */
    private static JsonNode commonSecurity(List<ServiceDocument> services) {
        Set<JsonNode> securities = services.stream().map(service -> service.document().path("security")).collect(Collectors.toSet());
        JsonNode only = securities.iterator().next();
        return securities.size() == 1 && !only.isMissingNode() ? only : null;
    }

    private static void addPaths(ObjectNode paths, ServiceDocument service, JsonNode document, Set<String> sharedOperationIds,
            boolean ownSecurity) {
        forEachOperation(document.path("paths"), operation -> {
            operation.putArray("tags").add(service.service());
            String id = operation.path("operationId").asString("");
            if (sharedOperationIds.contains(id)) {
                operation.put("operationId", service.shortName() + capitalised(id));
            }
            if (ownSecurity && !operation.has("security")) {
                operation.set("security", document.path("security").isMissingNode() ? JSON.createArrayNode() : document.get("security"));
            }
        });
        for (var path : document.path("paths").properties()) {
            if (paths.has("/api" + path.getKey())) {
                throw new IllegalArgumentException("Two services document " + path.getKey() + ", the second " + service.service());
            }
            paths.set("/api" + path.getKey(), path.getValue());
        }
    }

    private static void add(ObjectNode components, String key, JsonNode content) {
        String[] kindAndName = key.split("/", 2);
        JsonNode earlier = components.withObjectProperty(kindAndName[0]).putIfAbsent(kindAndName[1], content);
        if (earlier != null && !earlier.equals(content)) {
            throw new IllegalArgumentException("A component renamed by service takes a name another service uses: " + key);
        }
    }

    private static void requireUniqueOperationIds(ObjectNode paths) {
        List<String> ids = new ArrayList<>();
        forEachOperation(paths, operation -> ids.add(operation.path("operationId").asString("")));
        ids.remove("");
        if (ids.size() != new HashSet<>(ids).size()) {
            throw new IllegalArgumentException("An operationId is used twice after renaming: " + ids);
        }
    }

    static void forEachOperation(JsonNode paths, Consumer<ObjectNode> action) {
        for (JsonNode path : paths.values()) {
            path.properties().stream().filter(operation -> METHODS.contains(operation.getKey()))
                    .forEach(operation -> action.accept((ObjectNode) operation.getValue()));
        }
    }

    /** A copy with the properties in name order, so the snapshot does not change with the order the services list them. */
    static ObjectNode sorted(JsonNode node) {
        return sorted(node, value -> value);
    }

    private static ObjectNode sorted(JsonNode node, UnaryOperator<JsonNode> eachValue) {
        ObjectNode sorted = JSON.createObjectNode();
        new TreeMap<>(node.properties().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .forEach((name, value) -> sorted.set(name, eachValue.apply(value)));
        return sorted;
    }

    static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
