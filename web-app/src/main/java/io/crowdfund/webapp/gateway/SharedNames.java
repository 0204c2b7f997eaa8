package io.crowdfund.webapp.gateway;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

/**
 * The names two services' documents both use for different things, which the merged document gives the service's name
 * in front: component keys whose contents differ, and operationIds.
 */
final class SharedNames {

    private SharedNames() {
    }

    /**
     * The component keys two services use for different contents. A component that refers to a renamed one differs too
     * (the same text, another target), so this repeats until nothing more is renamed.
     */
    static Set<String> componentsThatDiffer(List<ServiceDocument> services) {
        Set<String> shared = usedByMoreThanOne(services.stream().map(ServiceDocument::componentKeys).toList());
        Set<String> renamed = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (String key : shared) {
                if (!renamed.contains(key) && contentsDiffer(key, services, renamed)) {
                    renamed.add(key);
                    grew = true;
                }
            }
        }
        return renamed;
    }

    /** The operationIds more than one service uses (each service's own are unique: springdoc numbers repeats). */
    static Set<String> operationIds(List<ServiceDocument> services) {
        return usedByMoreThanOne(services.stream().map(service -> {
            Set<String> ids = new HashSet<>();
            ApiDocumentMerger.forEachOperation(service.document().path("paths"), operation -> ids.add(operation.path("operationId").asString("")));
            ids.remove("");
            return ids;
        }).toList());
    }

    private static boolean contentsDiffer(String key, List<ServiceDocument> services, Set<String> renamed) {
        return services.stream().filter(service -> service.component(key) != null).map(service -> {
            JsonNode content = service.component(key).deepCopy();
            ServiceDocument.rewriteReferences(content, service.references(renamed));
            return content;
        }).distinct().count() > 1;
    }

    private static Set<String> usedByMoreThanOne(List<Set<String>> namesByService) {
        Map<String, Integer> users = new HashMap<>();
        namesByService.forEach(names -> names.forEach(name -> users.merge(name, 1, Integer::sum)));
        return users.entrySet().stream().filter(used -> used.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
    }
}
