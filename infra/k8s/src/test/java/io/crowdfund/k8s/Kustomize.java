package io.crowdfund.k8s;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What {@code kubectl kustomize <directory>} makes of a kustomization, for the parts of kustomize these manifests use:
 * resources (files, and directories with a kustomization of their own), namespace, labels, images, ConfigMap and Secret
 * generators (create and merge, from literals and files) and patches: RFC 6902 operations (add, replace, remove) on
 * the objects a target names by kind and name (a regular expression), or an object merged into the one of its kind and
 * name (maps merged key by key, lists replaced, as kustomize does for custom resources). Generated objects keep their
 * names (kustomize appends a hash to those it creates). Anything else in a kustomization fails the rendering, so a test
 * never checks less than kustomize would apply.
 */
final class Kustomize {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "namespace", "labels", "resources", "images",
            "configMapGenerator", "secretGenerator", "patches");

    private Kustomize() {
    }

    /** The directory's kustomization rendered, as fabric8 model objects (typed where fabric8 knows the kind). */
    static List<HasMetadata> render(Path directory) {
        return render(directory, null);
    }

    /**
     * The directory's kustomization rendered without the one component it lists that the test is not about (the prod
     * overlay's image digests, which a release writes); a component other than that one fails the rendering.
     */
    static List<HasMetadata> renderWithout(Path directory, String component) {
        return render(directory, component);
    }

    private static List<HasMetadata> render(Path directory, String leftOut) {
        return objects(directory, leftOut).stream().map(object -> (HasMetadata) YAML.unmarshal(YAML.asJson(object))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Path directory, String leftOut) {
        Map<String, Object> kustomization = YAML.unmarshal(read(directory.resolve("kustomization.yaml")), Map.class);
        if (leftOut != null && kustomization.containsKey("components")) {
            if (!List.of(leftOut).equals(kustomization.get("components"))) {
                throw new IllegalArgumentException(directory + ": components " + kustomization.get("components") + " besides " + leftOut);
            }
            kustomization.remove("components");
        }
        for (String key : kustomization.keySet()) {
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException(directory + ": kustomize's " + key + " is not rendered here");
            }
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path path = directory.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(objects(path, null));
            } else {
                for (String document : read(path).split("(?m)^---\\s*$")) {
                    if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                        objects.add(YAML.unmarshal(document, Map.class));
                    }
                }
            }
        }
        for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.getOrDefault("configMapGenerator", List.of())) {
            generate(directory, objects, "ConfigMap", generator);
        }
        for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.getOrDefault("secretGenerator", List.of())) {
            generate(directory, objects, "Secret", generator);
        }
        for (Map<String, Object> patch : (List<Map<String, Object>>) kustomization.getOrDefault("patches", List.of())) {
            patch(directory, objects, patch);
        }
        for (Map<String, Object> image : (List<Map<String, Object>>) kustomization.getOrDefault("images", List.of())) {
            retag(objects, (String) image.get("name"), (String) image.get("newTag"));
        }
        for (Map<String, Object> labels : (List<Map<String, Object>>) kustomization.getOrDefault("labels", List.of())) {
            objects.forEach(object -> map(map(object, "metadata"), "labels").putAll((Map<String, Object>) labels.get("pairs")));
        }
        if (kustomization.get("namespace") instanceof String namespace) {
            objects.stream().filter(object -> !"Namespace".equals(object.get("kind"))).forEach(object -> map(object, "metadata").put("namespace", namespace));
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static void generate(Path directory, List<Map<String, Object>> objects, String kind, Map<String, Object> generator) {
        String name = (String) generator.get("name");
        Map<String, Object> data = new LinkedHashMap<>();
        for (String literal : (List<String>) generator.getOrDefault("literals", List.of())) {
            int equals = literal.indexOf('=');
            data.put(literal.substring(0, equals), literal.substring(equals + 1));
        }
        for (String file : (List<String>) generator.getOrDefault("files", List.of())) {
            data.put(Path.of(file).getFileName().toString(), read(directory.resolve(file)));
        }
        if (kind.equals("Secret")) {
            data.replaceAll((key, value) -> Base64.getEncoder().encodeToString(((String) value).getBytes(StandardCharsets.UTF_8)));
        }
        String behavior = (String) generator.getOrDefault("behavior", "create");
        if (behavior.equals("merge")) {
            map(named(objects, kind, name), "data").putAll(data);
        } else if (behavior.equals("create")) {
            Map<String, Object> metadata = new LinkedHashMap<>(Map.of("name", name));
            if (generator.get("options") instanceof Map<?, ?> options && options.get("labels") instanceof Map<?, ?> labels) {
                metadata.put("labels", new LinkedHashMap<>(labels));
            }
            Map<String, Object> object = new LinkedHashMap<>(Map.of("apiVersion", "v1", "kind", kind, "metadata", metadata, "data", data));
            if (kind.equals("Secret")) {
                object.put("type", generator.getOrDefault("type", "Opaque"));
            }
            objects.add(object);
        } else {
            throw new IllegalArgumentException(name + ": generator behaviour " + behavior + " is not rendered here");
        }
    }

    private static void patch(Path directory, List<Map<String, Object>> objects, Map<String, Object> patch) {
        String text = patch.containsKey("path") ? read(directory.resolve((String) patch.get("path"))) : (String) patch.get("patch");
        for (String document : text.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                patch(objects, patch, YAML.unmarshal(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)), new TypeReference<Object>() { }));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void patch(List<Map<String, Object>> objects, Map<String, Object> patch, Object parsed) {
        if (parsed instanceof List<?> operations) {
            Map<String, Object> target = (Map<String, Object>) patch.get("target");
            if (!Set.of("kind", "name").containsAll(target.keySet())) {
                throw new IllegalArgumentException("a patch target by " + target.keySet() + " is not rendered here");
            }
            Pattern name = Pattern.compile((String) target.getOrDefault("name", ".*"));
            for (Map<String, Object> object : objects) {
                if (object.get("kind").equals(target.get("kind")) && name.matcher((String) map(object, "metadata").get("name")).matches()) {
                    operations.forEach(operation -> JsonPatch.apply(object, (Map<String, Object>) operation));
                }
            }
        } else {
            Map<String, Object> merged = (Map<String, Object>) parsed;
            merge(named(objects, (String) merged.get("kind"), (String) map(merged, "metadata").get("name")), merged);
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            if (key.startsWith("$")) {
                throw new IllegalArgumentException("the strategic merge directive " + key + " is not rendered here");
            } else if (value == null) {
                into.remove(key);
            } else if (value instanceof Map<?, ?> map && into.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) map);
            } else if (value instanceof List<?> list && list.stream().anyMatch(e -> e instanceof Map<?, ?> m && m.containsKey("name"))) {
                throw new IllegalArgumentException("a list merged by name (" + key + ") is not rendered here: use an RFC 6902 patch");
            } else {
                into.put(key, value);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static void retag(List<Map<String, Object>> objects, String image, String tag) {
        for (Map<String, Object> object : objects) {
            if (object.get("kind").equals("Deployment")) {
                Map<String, Object> pod = map(map(map(object, "spec"), "template"), "spec");
                for (Map<String, Object> container : (List<Map<String, Object>>) pod.get("containers")) {
                    String current = (String) container.get("image");
                    if (current.equals(image) || current.startsWith(image + ":")) {
                        container.put("image", image + ":" + tag);
                    }
                }
            }
        }
    }

    private static Map<String, Object> named(List<Map<String, Object>> objects, String kind, String name) {
        List<Map<String, Object>> found = objects.stream()
                .filter(object -> kind.equals(object.get("kind")) && name.equals(map(object, "metadata").get("name"))).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " objects " + kind + " " + name);
        }
        return found.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> object, String key) {
        return (Map<String, Object>) object.computeIfAbsent(key, k -> new LinkedHashMap<>());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 6902's add, replace and remove, on a tree of maps and lists. */
    private static final class JsonPatch {

        @SuppressWarnings("unchecked")
        static void apply(Map<String, Object> document, Map<String, Object> operation) {
            String op = (String) operation.get("op");
            String[] tokens = ((String) operation.get("path")).substring(1).split("/", -1);
            Object parent = document;
            for (int i = 0; i < tokens.length - 1; i++) {
                parent = child(parent, unescape(tokens[i]));
                if (parent == null) {
                    throw new IllegalArgumentException(operation.get("path") + ": no " + tokens[i]);
                }
            }
            String last = unescape(tokens[tokens.length - 1]);
            Object value = operation.get("value");
            if (parent instanceof Map<?, ?> map) {
                Map<String, Object> object = (Map<String, Object>) map;
                switch (op) {
                    case "add" -> object.put(last, value);
                    case "replace" -> {
                        require(object.containsKey(last), operation);
                        object.put(last, value);
                    }
                    case "remove" -> require(object.remove(last) != null, operation);
                    default -> throw new IllegalArgumentException("the RFC 6902 operation " + op + " is not rendered here");
                }
            } else {
                List<Object> list = (List<Object>) parent;
                switch (op) {
                    case "add" -> list.add(last.equals("-") ? list.size() : Integer.parseInt(last), value);
                    case "replace" -> list.set(Integer.parseInt(last), value);
                    case "remove" -> list.remove(Integer.parseInt(last));
                    default -> throw new IllegalArgumentException("the RFC 6902 operation " + op + " is not rendered here");
                }
            }
        }

        private static Object child(Object parent, String token) {
            return parent instanceof Map<?, ?> map ? map.get(token) : ((List<?>) parent).get(Integer.parseInt(token));
        }

        private static String unescape(String token) {
            return token.replace("~1", "/").replace("~0", "~");
        }

        private static void require(boolean present, Map<String, Object> operation) {
            if (!present) {
                throw new IllegalArgumentException(operation.get("path") + " is not there to " + operation.get("op"));
            }
        }
    }
}
