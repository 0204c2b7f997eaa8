package io.crowdfund.webapp.gateway;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A service's own OpenAPI document (springdoc's {@code /v3/api-docs}), e.g. {@code wallet-service}'s, as the
 * {@link ApiDocumentMerger} reads it. Components are named by key, {@code <kind>/<name>}: {@code schemas/Registration}.
 */
public record ServiceDocument(String service, JsonNode document) {

    /** {@code wallet} for {@code wallet-service}: what goes in front of a name it shares with another service. */
    String shortName() {
        String[] words = service.replaceFirst("-service$", "").split("-");
        StringBuilder name = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            name.append(ApiDocumentMerger.capitalised(words[i]));
        }
        return name.toString();
    }

    /** The component a key names, null if there is none. */
    JsonNode component(String key) {
        return component(document, key);
    }

    static JsonNode component(JsonNode document, String key) {
        String[] kindAndName = key.split("/", 2);
        return document.path("components").path(kindAndName[0]).get(kindAndName[1]);
    }

    /** Every component's key but the security schemes' (the merged document has its own). */
    Set<String> componentKeys() {
        Set<String> keys = new HashSet<>();
        document.path("components").properties().stream().filter(kind -> !kind.getKey().equals("securitySchemes"))
                .forEach(kind -> kind.getValue().propertyNames().forEach(name -> keys.add(kind.getKey() + "/" + name)));
        return keys;
    }

    /** {@code schemas/WalletRegistration} for wallet-service's {@code schemas/Registration}. */
    String renamed(String key) {
        int slash = key.indexOf('/');
        return key.substring(0, slash + 1) + ApiDocumentMerger.capitalised(shortName()) + key.substring(slash + 1);
    }

    /** The {@code $ref}s to change in this document when the components of these keys are renamed, old to new. */
    Map<String, String> references(Set<String> renamedKeys) {
        return componentKeys().stream().filter(renamedKeys::contains)
                .collect(Collectors.toMap(key -> "#/components/" + key, key -> "#/components/" + renamed(key)));
    }

    /** A deep copy with the {@code $ref}s to renamed components changed. */
    JsonNode withReferencesTo(Set<String> renamedKeys) {
        JsonNode copy = document.deepCopy();
        rewriteReferences(copy, references(renamedKeys));
        return copy;
    }

    static void rewriteReferences(JsonNode node, Map<String, String> references) {
        if (node.isObject() && node.get("$ref") instanceof JsonNode ref && ref.isString() && references.containsKey(ref.stringValue())) {
            ((ObjectNode) node).put("$ref", references.get(ref.stringValue()));
        }
        node.values().forEach(child -> rewriteReferences(child, references));
    }
}
