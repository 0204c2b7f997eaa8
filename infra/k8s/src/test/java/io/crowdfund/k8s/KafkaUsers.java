package io.crowdfund.k8s;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** The Strimzi KafkaUsers of the base (kafka-users.yaml): each user's ACL rules, one {@link Acl} per operation. */
final class KafkaUsers {

    static final Path FILE = Path.of("").toAbsolutePath().resolve("../..").normalize().resolve("infra/k8s/base/kafka-users.yaml");

    private KafkaUsers() {
    }

    /**
     * One allowed operation on a resource, as Strimzi writes it.
     *
     * @param type {@code topic}, {@code group}, {@code cluster} or {@code transactionalId}
     * @param patternType {@code literal} or {@code prefix}
     * @param operation {@code Read}, {@code Write}, {@code Describe}, ...
     */
    record Acl(String type, String name, String patternType, String operation) implements Comparable<Acl> {

        @Override
        public int compareTo(Acl other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return "%s %s %s%s".formatted(operation, type, name, patternType.equals("prefix") ? "*" : "");
        }
    }

    /** The KafkaUsers among the resources, by name. */
    static Map<String, GenericKubernetesResource> in(List<?> resources) {
        Map<String, GenericKubernetesResource> users = new LinkedHashMap<>();
        resources.stream().filter(GenericKubernetesResource.class::isInstance).map(GenericKubernetesResource.class::cast)
                .filter(resource -> resource.getKind().equals("KafkaUser")).forEach(user -> users.put(user.getMetadata().getName(), user));
        return users;
    }

    /** The KafkaUsers of kafka-users.yaml, by name. */
    static Map<String, GenericKubernetesResource> read() {
        return in(ManifestTests.load(FILE.getParent()));
    }

    /** A user's ACLs, each operation of each rule. */
    @SuppressWarnings("unchecked")
    static Set<Acl> acls(GenericKubernetesResource user) {
        Set<Acl> acls = new TreeSet<>();
        for (Map<String, Object> rule : (List<Map<String, Object>>) authorization(user).get("acls")) {
            if (rule.containsKey("type") && !"allow".equals(rule.get("type")) || rule.containsKey("host") && !"*".equals(rule.get("host"))) {
                throw new IllegalArgumentException("Only rules that allow, from any host, are read: " + rule);
            }
            Map<String, Object> resource = (Map<String, Object>) rule.get("resource");
            for (String operation : (List<String>) rule.get("operations")) {
                acls.add(new Acl((String) resource.get("type"), (String) resource.getOrDefault("name", ""),
                        (String) resource.getOrDefault("patternType", "literal"), operation));
            }
        }
        return acls;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> authentication(GenericKubernetesResource user) {
        return (Map<String, Object>) spec(user).get("authentication");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> authorization(GenericKubernetesResource user) {
        return (Map<String, Object>) spec(user).get("authorization");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
