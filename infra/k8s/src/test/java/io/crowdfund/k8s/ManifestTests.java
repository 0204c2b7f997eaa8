package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The kustomize base and overlays, parsed with fabric8's Kubernetes model, against what the code
 * needs: every service and web-app deployed with probes on its actuator groups, requests and limits,
 * graceful shutdown, autoscaling and a disruption budget; every environment variable each reads
 * provided; every topic (and its DLT) a Strimzi KafkaTopic; each its CloudNativePG database; the
 * Ingress sending everything to web-app, whose gateway routes every public path of API.md (under
 * /api) to the service that owns it.
 */
class ManifestTests {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path BASE = ROOT.resolve("infra/k8s/base");
    private static final List<String> SERVICES = List.of("wallet", "campaign", "pledge", "notification", "closure");
    /** What runs as a Deployment: the five services and web-app (the site, and the gateway under /api). */
    private static final List<String> DEPLOYED = Stream.concat(SERVICES.stream().map(name -> name + "-service"), Stream.of("web-app")).toList();
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private final List<HasMetadata> base = load(BASE);

    @Test
    void everyManifestParsesAndTheKustomizationsListExactlyTheirFiles() throws IOException {
        assertThat(base).isNotEmpty();
        for (Path directory : List.of(BASE, ROOT.resolve("infra/k8s/overlays/dev"), ROOT.resolve("infra/k8s/overlays/prod"))) {
            String kustomization = Files.readString(directory.resolve("kustomization.yaml"));
            Set<String> listed = new TreeSet<>();
            Matcher entry = Pattern.compile("(?m)^  - ([\\w./-]+\\.yaml|\\.\\./\\.\\./base)$").matcher(kustomization);
            while (entry.find()) {
                listed.add(entry.group(1));
            }
            Matcher patch = Pattern.compile("(?m)^  - path: ([\\w./-]+\\.yaml)$").matcher(kustomization);
            while (patch.find()) {
                listed.add(patch.group(1));
            }
            for (String file : listed) {
                assertThat(directory.resolve(file)).as(directory + ": " + file).exists();
            }
            try (Stream<Path> files = Files.list(directory)) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml"))
                        .forEach(f -> assertThat(listed).as("%s lists %s", directory, f).contains(f));
            }
            if (!directory.equals(BASE)) {
                assertThat(listed).contains("../../base");
                assertThat(load(directory)).isNotEmpty();
            }
        }
    }

    @Test
    void everyServiceAndWebAppIsDeployedWithProbesLimitsGracefulShutdownAutoscalingAndABudget() {
        for (String service : DEPLOYED) {
            Deployment deployment = one(Deployment.class, service);
            var pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().getFirst();
            // web-app's actuator has a port of its own, which the Ingress does not reach
            String port = service.equals("web-app") ? "management" : "http";
            assertProbe(container.getLivenessProbe(), "/actuator/health/liveness", port, service);
            assertProbe(container.getReadinessProbe(), "/actuator/health/readiness", port, service);
            assertProbe(container.getStartupProbe(), "/actuator/health/liveness", port, service);
            assertThat(container.getResources().getRequests()).as(service).containsKeys("cpu", "memory");
            assertThat(container.getResources().getLimits()).as(service).containsKeys("cpu", "memory");
            assertThat(container.getLifecycle().getPreStop()).as(service + " drains before it stops").isNotNull();
            // Spring Boot's shutdown phase (20 s) plus the preStop pause must fit in the grace period
            assertThat(pod.getTerminationGracePeriodSeconds()).as(service).isGreaterThanOrEqualTo(30L);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(service).isTrue();
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(service).isTrue();
            assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).as(service).isZero();

            Map<String, String> labels = deployment.getSpec().getSelector().getMatchLabels();
            // what the network policies and the PodMonitor select
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).as(service).containsAllEntriesOf(labels)
                    .containsEntry("app.kubernetes.io/part-of", "crowdfund");
            assertThat(pod.getContainers().getFirst().getPorts()).anyMatch(p -> p.getContainerPort() == 8080);
            assertThat(one(Service.class, service).getSpec().getSelector()).isEqualTo(labels);
            assertThat(one(PodDisruptionBudget.class, service).getSpec().getSelector().getMatchLabels()).isEqualTo(labels);
            HorizontalPodAutoscaler hpa = one(HorizontalPodAutoscaler.class, service);
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(service);
            assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void everyEnvironmentVariableAServiceOrWebAppReadsIsProvided() throws IOException {
        assertThat(ManifestFiles.readBy("pledge-service")).contains("KAFKA_BOOTSTRAP_SERVERS", "JWKS_URL", "DB_URL");
        assertThat(ManifestFiles.readBy("web-app")).contains("DB_URL", "WALLET_SERVICE_URL", "SESSION_COOKIE_SECURE");
        for (String service : DEPLOYED) {
            Set<String> read = ManifestFiles.readBy(service);
            Container container = one(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().getFirst();
            Set<String> provided = new TreeSet<>();
            container.getEnv().stream().map(EnvVar::getName).forEach(provided::add);
            for (EnvFromSource source : container.getEnvFrom()) {
                ConfigMap configMap = one(ConfigMap.class, source.getConfigMapRef().getName());
                provided.addAll(configMap.getData().keySet());
            }
            assertThat(provided).as("%s reads these; the Deployment must provide them", service).containsAll(read);
        }
    }

    @Test
    void keysAndPasswordsComeFromSecretsWhichTheDevOverlayGenerates() throws IOException {
        Set<String> sensitive = Set.of("DB_PASSWORD", "SMTP_PASSWORD", "JWT_PRIVATE_KEY", "OPERATOR_PASSWORD", "WEBHOOK_SECRET_KEYS", "KAFKA_PASSWORD");
        // Strimzi's User Operator makes each KafkaUser's Secret, in every environment
        Set<String> madeByStrimzi = KafkaUsers.in(base).keySet();
        assertThat(ManifestFiles.readBy("notification-service")).contains("WEBHOOK_SECRET_KEYS", "SMTP_PASSWORD");
        String devOverlay = Files.readString(ROOT.resolve("infra/k8s/overlays/dev/kustomization.yaml"));
        for (String service : DEPLOYED) {
            Container container = one(Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().getFirst();
            for (EnvFromSource source : container.getEnvFrom()) {
                assertThat(one(ConfigMap.class, source.getConfigMapRef().getName()).getData().keySet()).as(service)
                        .doesNotContainAnyElementsOf(sensitive);
            }
            for (EnvVar variable : container.getEnv()) {
                var secret = variable.getValueFrom() == null ? null : variable.getValueFrom().getSecretKeyRef();
                if (sensitive.contains(variable.getName())) {
                    assertThat(secret).as("%s %s from a Secret", service, variable.getName()).isNotNull();
                }
                if (secret != null && !madeByStrimzi.contains(secret.getName())) {
                    assertThat(devOverlay).as("the dev overlay generates " + secret.getName()).contains("- name: " + secret.getName() + "\n");
                }
            }
        }
        assertThat(one(Deployment.class, "notification-service").getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .anySatisfy(variable -> {
                    assertThat(variable.getName()).isEqualTo("WEBHOOK_SECRET_KEYS");
                    assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("notification-secrets");
                });
    }

    @Test
    void everyTopicAndItsDeadLetterTopicIsAStrimziKafkaTopic() throws IOException {
        Set<String> topics = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("libs/contracts/src/main/java"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Channels.java")).toList()) {
                Matcher constant = Pattern.compile("static final String \\w+ = \"([a-z]+\\.[a-z]+)\"").matcher(Files.readString(file));
                while (constant.find()) {
                    topics.add(constant.group(1));
                }
            }
        }
        assertThat(topics).hasSizeGreaterThanOrEqualTo(8);
        Map<String, GenericKubernetesResource> declared = new HashMap<>();
        generic("KafkaTopic").forEach(topic -> declared.put((String) spec(topic).get("topicName"), topic));
        for (String topic : topics) {
            for (String name : List.of(topic, topic + ".DLT")) {
                assertThat(declared).as("KafkaTopic for " + name).containsKey(name);
                assertThat(declared.get(name).getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "crowdfund-kafka");
                assertThat((Integer) spec(declared.get(name)).get("replicas")).isGreaterThanOrEqualTo(3);
            }
            assertThat(spec(declared.get(topic)).get("partitions")).isEqualTo(8);
        }
        assertThat(generic("Kafka")).extracting(k -> k.getMetadata().getName()).containsExactly("crowdfund-kafka");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceAndWebAppHasItsCloudNativePgDatabaseAndUsesIt() throws IOException {
        assertThat(generic("Cluster")).extracting(c -> c.getMetadata().getName()).containsExactly("crowdfund-db");
        Map<String, String> owners = new HashMap<>();
        generic("Database").forEach(db -> owners.put((String) spec(db).get("name"), (String) spec(db).get("owner")));
        Map<String, Object> roles = new HashMap<>();
        for (Map<String, Object> role : (List<Map<String, Object>>) ((Map<String, Object>) spec(generic("Cluster").getFirst()).get("managed")).get("roles")) {
            roles.put((String) role.get("name"), ((Map<String, Object>) role.get("passwordSecret")).get("name"));
        }
        String devSecrets = Files.readString(ROOT.resolve("infra/k8s/overlays/dev/kustomization.yaml"));
        for (String deployed : DEPLOYED) {
            // wallet-service's database is wallet, web-app's webapp
            String name = deployed.replace("-service", "").replace("-", "");
            assertThat(owners).containsEntry(name, name);
            assertThat(roles).as("role " + name).containsEntry(name, "crowdfund-db-" + name);
            assertThat(devSecrets).as("the dev overlay generates its Secret").contains("- name: crowdfund-db-" + name + "\n");
            assertThat(one(ConfigMap.class, deployed + "-config").getData().get("DB_URL")).endsWith("/" + name);
            Container container = one(Deployment.class, deployed).getSpec().getTemplate().getSpec().getContainers().getFirst();
            assertThat(container.getEnv()).filteredOn(e -> e.getName().startsWith("DB_")).hasSize(2)
                    .allMatch(e -> e.getValueFrom().getSecretKeyRef().getName().equals("crowdfund-db-" + name));
        }
    }

    @Test
    void theIngressSendsEverythingToWebAppWhichRoutesEveryPublicPathOfTheApiToTheServiceThatOwnsIt() throws IOException {
        assertThat(all(Ingress.class)).extracting(i -> i.getMetadata().getName()).containsExactly("crowdfund");
        Ingress ingress = one(Ingress.class, "crowdfund");
        List<HTTPIngressPath> paths = ingress.getSpec().getRules().stream().flatMap(rule -> rule.getHttp().getPaths().stream()).toList();
        assertThat(paths).as("the services are not exposed").allMatch(p -> p.getBackend().getService().getName().equals("web-app"));
        assertThat(paths).anyMatch(p -> p.getPath().equals("/") && p.getPathType().equals("Prefix"));
        // the live totals (/api/campaigns/{id}/stream) are a long-lived event stream: unbuffered, and not cut after 60 s
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
                .containsKey("nginx.ingress.kubernetes.io/proxy-read-timeout");

        // web-app's gateway routes (its application.yml): each Path pattern to the service URL the Deployment gives it
        Map<String, String> properties = properties("web-app");
        Map<String, String> environment = one(ConfigMap.class, "web-app-config").getData();
        Map<Pattern, URI> routes = new LinkedHashMap<>();
        String route = "spring.cloud.gateway.server.webmvc.routes";
        for (int i = 0; properties.containsKey(route + "[" + i + "].uri"); i++) {
            URI uri = URI.create(resolve(properties.get(route + "[" + i + "].uri"), properties, environment));
            for (int j = 0; properties.containsKey(route + "[" + i + "].predicates[" + j + "]"); j++) {
                String predicate = properties.get(route + "[" + i + "].predicates[" + j + "]");
                if (predicate.startsWith("Path=")) {
                    for (String pattern : predicate.substring("Path=".length()).split(",")) {
                        routes.put(pathPattern(pattern.trim()), uri);
                    }
                }
            }
        }
        assertThat(routes).as("web-app's gateway routes in its application.yml").hasSizeGreaterThanOrEqualTo(SERVICES.size());
        for (URI uri : routes.values()) {
            // the services' Services listen on port 80
            assertThat(one(Service.class, uri.getHost()).getSpec().getPorts()).anyMatch(p -> p.getPort() == (uri.getPort() == -1 ? 80 : uri.getPort()));
        }
        // every path each service maps (its controllers' @...Mapping annotations) is routed to that service
        Pattern mapping = Pattern.compile("@(?:Get|Post|Put|Patch|Delete)Mapping\\((?:path = |value = )?\"([^\"]+)\"");
        int checked = 0;
        for (String owner : SERVICES) {
            List<Path> sources;
            try (var files = Files.walk(ROOT.resolve(owner + "-service/src/main/java"))) {
                sources = files.filter(file -> file.toString().endsWith(".java")).toList();
            }
            for (Path source : sources) {
                Matcher mapped = mapping.matcher(Files.readString(source));
                while (mapped.find()) {
                    String path = "/api" + mapped.group(1).replaceAll("\\{[^}]+}", "x");
                    String routed = routes.entrySet().stream().filter(e -> e.getKey().matcher(path).matches())
                            .map(e -> e.getValue().getHost()).findFirst().orElse(null);
                    assertThat(routed).as("%s (%s)", path, owner).isEqualTo(owner + "-service");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void onlyWebAppTheServicesAndPrometheusReachTheServicesAndTheIngressControllerOnlyWebApp() {
        assertThat(one(NetworkPolicy.class, "default-deny-ingress").getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        var services = one(NetworkPolicy.class, "crowdfund-services").getSpec();
        assertThat(services.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/part-of", "crowdfund");
        assertThat(services.getIngress().getFirst().getPorts()).allMatch(p -> p.getPort().getIntVal() == 8080);
        for (NetworkPolicy policy : all(NetworkPolicy.class)) {
            boolean fromIngressController = policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream())
                    .anyMatch(peer -> peer.getNamespaceSelector() != null
                            && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
            if (fromIngressController) {
                assertThat(policy.getSpec().getPodSelector().getMatchLabels()).as(policy.getMetadata().getName())
                        .isEqualTo(Map.of("app.kubernetes.io/name", "web-app"));
                assertThat(policy.getSpec().getIngress().getFirst().getPorts()).allMatch(p -> p.getPort().getIntVal() == 8080);
            }
        }
        assertThat(one(NetworkPolicy.class, "web-app-from-ingress").getSpec().getIngress()).isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void alertsAndTheDashboardWatchMetricsTheServicesPublish() throws IOException {
        List<String> expressions = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (GenericKubernetesResource rule : generic("PrometheusRule")) {
            for (Map<String, Object> group : (List<Map<String, Object>>) spec(rule).get("groups")) {
                for (Map<String, Object> alert : (List<Map<String, Object>>) group.get("rules")) {
                    alerts.add((String) alert.get("alert"));
                    expressions.add((String) alert.get("expr"));
                }
            }
        }
        assertThat(alerts).contains("PledgeSagaSlow", "PledgeSagaStepsTimingOut", "OutboxBacklogGrowing", "ConsumerLagging", "ConsumerGroupWithoutPartitions",
                "MessagesDeadLettered", "WebhookDeliveriesDying", "ClosuresStalled");
        String dashboard = Files.readString(BASE.resolve("grafana/crowdfund-dashboard.json"));
        Matcher target = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(dashboard);
        int panels = 0;
        while (target.find()) {
            expressions.add(target.group(1).replace("\\\"", "\""));
            panels++;
        }
        assertThat(panels).isGreaterThanOrEqualTo(10);
        assertThat(Files.readString(BASE.resolve("kustomization.yaml"))).contains("grafana/crowdfund-dashboard.json");

        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().contains("/src/main/java/") && f.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(file));
            }
        }
        Pattern ours = Pattern.compile("\\b((?:pledge|outbox|messaging|webhook|notification|inbox|closure)_[a-z_]+|http_server_requests_shed_total)\\b");
        Set<String> checked = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = ours.matcher(expression);
            while (metric.find()) {
                String meter = metric.group(1).replaceAll("(_seconds)?(_bucket|_count|_sum|_max|_total)$|_seconds$", "").replace('_', '.');
                assertThat(sources.toString()).as("a meter named %s (for %s) in the code", meter, metric.group(1)).contains("\"" + meter + "\"");
                checked.add(meter);
            }
        }
        assertThat(checked).contains("pledge.saga.duration", "outbox.backlog", "messaging.dead.letters", "webhook.deliveries", "closure.reasks");
    }

    private static void assertProbe(Probe probe, String path, String port, String service) {
        assertThat(probe).as(service + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(service).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).as(service).isEqualTo(port);
    }

    /** A module's application.yml (its first document) as Spring's flat properties: a.b[0].c to value. */
    static Map<String, String> properties(String module) throws IOException {
        String yaml = Files.readString(ROOT.resolve(module + "/src/main/resources/application.yml")).split("(?m)^---\\s*$")[0];
        Map<String, String> properties = new LinkedHashMap<>();
        flatten("", YAML.unmarshal(yaml, Map.class), properties);
        return properties;
    }

    private static void flatten(String key, Object value, Map<String, String> properties) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(key.isEmpty() ? k.toString() : key + "." + k, v, properties));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(key + "[" + i + "]", list.get(i), properties);
            }
        } else {
            properties.put(key, String.valueOf(value));
        }
    }

    /** The value with its ${name:default} placeholders resolved from the other properties, then the environment. */
    private static String resolve(String value, Map<String, String> properties, Map<String, String> environment) {
        Matcher placeholder = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}").matcher(value);
        if (!placeholder.find()) {
            return value;
        }
        String name = placeholder.group(1);
        String resolved = properties.containsKey(name) ? properties.get(name) : environment.getOrDefault(name, placeholder.group(2));
        assertThat(resolved).as("a value for ${%s}", name).isNotNull();
        return resolve(value.substring(0, placeholder.start()) + resolved + value.substring(placeholder.end()), properties, environment);
    }

    /** A gateway Path pattern (/api/users/**, /api/campaigns/{id}/stream) as a regular expression. */
    private static Pattern pathPattern(String pattern) {
        StringBuilder regex = new StringBuilder();
        Matcher part = Pattern.compile("/\\*\\*|\\{[^}]+}|\\*|[^*{]+?(?=/\\*\\*|\\{|\\*|$)").matcher(pattern);
        while (part.find()) {
            String token = part.group();
            regex.append(token.equals("/**") ? "(?:/.*)?" : token.equals("*") ? "[^/]*" : token.startsWith("{") ? "[^/]+" : Pattern.quote(token));
        }
        return Pattern.compile(regex.toString());
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return base.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.getFirst();
    }

    private List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> r.getKind().equals(kind)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    /** Every document of every YAML file in the directory (kustomization.yaml aside), as fabric8 model objects. */
    static List<HasMetadata> load(Path directory) {
        List<HasMetadata> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")).sorted().toList()) {
                for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                    if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
                        Object parsed = YAML.unmarshal(document);
                        assertThat(parsed).as(file + " parses to a Kubernetes object").isInstanceOf(HasMetadata.class);
                        resources.add((HasMetadata) parsed);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

}
