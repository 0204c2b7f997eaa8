package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The manifests as fabric8 model objects, and what the code reads, for the test classes beside ManifestTests. */
final class ManifestFiles {

    static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    static final Path K8S = ROOT.resolve("infra/k8s");
    static final Path BASE = K8S.resolve("base");
    static final List<Path> OVERLAYS = List.of(K8S.resolve("overlays/dev"), K8S.resolve("overlays/prod"));
    static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    private ManifestFiles() {
    }

    /** Every document of every YAML file in the directory (kustomization.yaml aside). */
    static List<HasMetadata> load(Path directory) {
        List<HasMetadata> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                resources.addAll(parse(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    /** The Kubernetes objects of a multi-document YAML text. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
                resources.add((HasMetadata) YAML.unmarshal(document));
            }
        }
        return resources;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> resources, Class<T> type, String name) {
        List<T> found = all(resources, type).stream().filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.getFirst();
    }

    /** The pod template of every workload kind, by the workload's kind and name. */
    static Map<String, PodTemplateSpec> podTemplates(List<HasMetadata> resources) {
        Map<String, PodTemplateSpec> templates = new TreeMap<>();
        for (HasMetadata resource : resources) {
            PodTemplateSpec template = switch (resource) {
                case Deployment d -> d.getSpec().getTemplate();
                case StatefulSet s -> s.getSpec().getTemplate();
                case DaemonSet d -> d.getSpec().getTemplate();
                case ReplicaSet r -> r.getSpec().getTemplate();
                case Job j -> j.getSpec().getTemplate();
                case CronJob c -> c.getSpec().getJobTemplate().getSpec().getTemplate();
                default -> null;
            };
            if (template != null) {
                templates.put(resource.getKind() + " " + resource.getMetadata().getName(), template);
            }
        }
        return templates;
    }

    /** What the Deployment's first container is given: its env values and its ConfigMaps' data. */
    static Map<String, String> environment(List<HasMetadata> resources, Deployment deployment) {
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Map<String, String> environment = new TreeMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            environment.putAll(one(resources, ConfigMap.class, source.getConfigMapRef().getName()).getData());
        }
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), variable.getValue());
        }
        return environment;
    }

    /** The environment variables a module reads: in its resources, and in the libraries (libs/) it runs with. */
    static Set<String> readBy(String module) {
        try {
            Set<String> read = readIn(ROOT.resolve(module + "/src/main/resources"));
            Matcher dependency = Pattern.compile("<dependency><groupId>io\\.crowdfund</groupId><artifactId>([\\w-]+)</artifactId>(<scope>)?")
                    .matcher(Files.readString(ROOT.resolve(module + "/pom.xml")));
            while (dependency.find()) {
                Path library = ROOT.resolve("libs/" + dependency.group(1));
                if (dependency.group(2) == null && Files.isDirectory(library)) {
                    read.addAll(readIn(library));
                }
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> readIn(Path directory) throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(f -> f.toString().contains("/src/main/") || f.toString().endsWith(".yml"))
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".yml")).toList()) {
                Matcher reference = ENV_REFERENCE.matcher(Files.readString(file));
                while (reference.find()) {
                    names.add(reference.group(1));
                }
            }
        }
        return names;
    }
}
