package io.crowdfund.k8s;

import static io.crowdfund.k8s.ManifestFiles.all;
import static io.crowdfund.k8s.ManifestFiles.one;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The egress network policies, evaluated as a cluster would for each pod of the namespace against a table of
 * destinations and ports: each Deployment reaches exactly DNS, its PostgreSQL database, Kafka if it is a Kafka
 * client, the services its configuration names (JWKS_URL, *_SERVICE_URL), the tracing collector, and, for the one
 * that sends mail and webhooks, the internet without its private, link-local and metadata addresses.
 */
class EgressPolicyTests {

    private static final String NAMESPACE = "crowdfund";
    /** OTLP over HTTP, in the namespace crowdfund-config's OTLP_TRACING_ENDPOINT example names. */
    private static final Pod COLLECTOR = new Pod("observability", Map.of("app.kubernetes.io/name", "opentelemetry-collector"));
    private static final int OTLP_HTTP_PORT = 4318;
    private static final Pod KUBE_DNS = new Pod("kube-system", Map.of("k8s-app", "kube-dns"));
    private static final Pod KAFKA_BROKER = new Pod(NAMESPACE,
            Map.of("strimzi.io/cluster", "crowdfund-kafka", "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true"));
    /** The Kafka client listener: TLS and SCRAM. */
    private static final int KAFKA_CLIENT_PORT = 9093;
    private static final List<String> PUBLIC = List.of("93.184.215.14", "2606:4700:4700::1111");
    private static final List<String> NEVER = List.of("169.254.169.254", "fd00:ec2::254", "169.254.10.1", "fe80::1",
            "10.96.0.1", "172.16.5.4", "172.31.255.1", "192.168.1.10", "100.64.0.10", "fc00::5", "fd12:3456::1");
    private static final List<Probe> PORTS = List.of(new Probe("UDP", 53), new Probe("TCP", 53), new Probe("TCP", 25), new Probe("TCP", 80),
            new Probe("TCP", 443), new Probe("TCP", 587), new Probe("TCP", 5432), new Probe("TCP", 8080), new Probe("TCP", 9090),
            new Probe("TCP", 9092), new Probe("TCP", KAFKA_CLIENT_PORT), new Probe("TCP", OTLP_HTTP_PORT), new Probe("TCP", 6443));

    private final List<HasMetadata> base = ManifestFiles.load(ManifestFiles.BASE);
    private final List<NetworkPolicy> egressPolicies = all(base, NetworkPolicy.class).stream()
            .filter(policy -> policy.getSpec().getPolicyTypes().contains("Egress")).toList();
    private final Map<String, Deployment> deployments = new LinkedHashMap<>();

    EgressPolicyTests() {
        all(base, Deployment.class).forEach(d -> deployments.put(d.getMetadata().getName(), d));
    }

    @Test
    void everyDeploymentReachesWhatItsConfigurationNamesAndNothingElse() {
        assertThat(deployments.keySet()).contains("web-app", "wallet-service", "notification-service").hasSizeGreaterThanOrEqualTo(6);
        List<Pod> destinations = new ArrayList<>(List.of(KUBE_DNS, new Pod("kube-system", Map.of("component", "kube-apiserver")),
                database(), KAFKA_BROKER, COLLECTOR, new Pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus")),
                new Pod(NAMESPACE, Map.of("app", "something-else"))));
        deployments.values().forEach(d -> destinations.add(pod(d)));
        int allowed = 0;
        for (String source : deployments.keySet()) {
            Expected expected = expected(source);
            for (Probe probe : PORTS) {
                for (Pod destination : destinations) {
                    boolean allows = allows(pod(deployments.get(source)), destination, probe);
                    assertThat(allows).as("%s to %s on %s", source, destination, probe).isEqualTo(expected.pod(destination, probe));
                    allowed += allows ? 1 : 0;
                }
                for (String address : PUBLIC) {
                    assertThat(allows(pod(deployments.get(source)), address, probe)).as("%s to %s on %s", source, address, probe)
                            .isEqualTo(expected.internet());
                }
                for (String address : NEVER) {
                    assertThat(allows(pod(deployments.get(source)), address, probe)).as("%s to %s on %s", source, address, probe).isFalse();
                }
            }
        }
        // web-app: DNS (2), the database, five services, the collector; each service: DNS, the database, Kafka, JWKS, the collector
        assertThat(allowed).isGreaterThanOrEqualTo(9 + 5 * 6);
    }

    @Test
    void everyRuleForAPodOtherThanTheInternetSendersNamesItsPeersAndPorts() {
        // beyond the table's probes: no rule open to any port, any peer, an address range or every namespace
        for (Deployment deployment : deployments.values()) {
            if (expected(deployment.getMetadata().getName()).internet()) {
                continue;
            }
            for (NetworkPolicy policy : egressPolicies) {
                if (matches(policy.getSpec().getPodSelector(), pod(deployment).labels())) {
                    for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                        String what = deployment.getMetadata().getName() + " in " + policy.getMetadata().getName();
                        assertThat(rule.getPorts()).as(what).isNotEmpty().allMatch(port -> port.getPort() != null && port.getEndPort() == null);
                        assertThat(rule.getTo()).as(what).isNotEmpty().allMatch(peer -> peer.getIpBlock() == null
                                && (peer.getPodSelector() != null || !peer.getNamespaceSelector().getMatchLabels().isEmpty()));
                    }
                }
            }
        }
    }

    @Test
    void everyCallBetweenThemThatTheConfigurationNamesIsAllowed() {
        int calls = 0;
        for (String source : deployments.keySet()) {
            for (Map.Entry<String, Deployment> callee : expected(source).callees().entrySet()) {
                assertThat(allows(pod(deployments.get(source)), pod(callee.getValue()), new Probe("TCP", containerPort(callee.getKey()))))
                        .as("%s calls %s", source, callee.getKey()).isTrue();
                calls++;
            }
        }
        // web-app calls the five services; every service calls wallet-service for its JWKS
        assertThat(expected("web-app").callees().keySet())
                .containsExactlyInAnyOrder("wallet-service", "campaign-service", "pledge-service", "notification-service", "closure-service");
        assertThat(expected("pledge-service").callees().keySet()).containsExactly("wallet-service");
        assertThat(calls).isGreaterThanOrEqualTo(10);
    }

    @Test
    void everyOtherPodOfTheNamespaceIsDeniedAllButDnsAndTheOperatorsKafkaAndPostgresqlPodsAreLeftToThem() {
        Pod other = new Pod(NAMESPACE, Map.of("app", "debug"));
        for (Probe probe : PORTS) {
            assertThat(allows(other, KUBE_DNS, probe)).as("DNS on " + probe).isEqualTo(probe.port() == 53);
            assertThat(allows(other, database(), probe)).isFalse();
            assertThat(allows(other, pod(deployments.get("wallet-service")), probe)).isFalse();
            assertThat(allows(other, PUBLIC.getFirst(), probe)).isFalse();
        }
        // a pod any egress policy selects loses all egress not allowed to it: the brokers' and PostgreSQL's traffic to the
        // Kubernetes API, to each other and to backups is their operators', so no egress policy may select them
        for (Pod operated : List.of(KAFKA_BROKER, database(), new Pod(NAMESPACE, Map.of("strimzi.io/cluster", "crowdfund-kafka", "strimzi.io/kind", "Kafka",
                "strimzi.io/name", "crowdfund-kafka-entity-operator")))) {
            assertThat(egressPolicies).as("%s is held by no egress policy", operated)
                    .noneMatch(policy -> matches(policy.getSpec().getPodSelector(), operated.labels()));
        }
        NetworkPolicy defaultDeny = one(base, NetworkPolicy.class, "default-deny-egress");
        assertThat(defaultDeny.getSpec().getEgress()).isNullOrEmpty();
        assertThat(defaultDeny.getSpec().getPolicyTypes()).containsExactly("Egress");
    }

    @Test
    void onlyNotificationServiceReachesTheInternetAndNeverMetadataLinkLocalOrPrivateAddresses() {
        List<NetworkPolicy> toAnywhere = egressPolicies.stream().filter(policy -> policy.getSpec().getEgress().stream()
                .flatMap(rule -> rule.getTo().stream()).anyMatch(peer -> peer.getIpBlock() != null)).toList();
        assertThat(toAnywhere).extracting(p -> p.getMetadata().getName()).containsExactly("notification-internet");
        NetworkPolicy internet = toAnywhere.getFirst();
        assertThat(internet.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("app.kubernetes.io/name", "notification-service"));
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        internet.getSpec().getEgress().stream().flatMap(rule -> rule.getTo().stream()).map(NetworkPolicyPeer::getIpBlock)
                .forEach(block -> blocks.put(block.getCidr(), block.getExcept()));
        assertThat(blocks.keySet()).containsExactlyInAnyOrder("0.0.0.0/0", "::/0");
        assertThat(blocks.get("0.0.0.0/0")).contains("169.254.169.254/32", "169.254.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                "100.64.0.0/10");
        assertThat(blocks.get("::/0")).contains("fd00:ec2::254/128", "fe80::/10", "fc00::/7");
        // the ranges the services trust as proxies (TRUSTED_PROXIES) are the cluster's: none of them is reachable as "the internet"
        for (String range : one(base, ConfigMap.class, "crowdfund-config").getData().get("TRUSTED_PROXIES").split(",\\s*")) {
            String address = range.substring(0, range.indexOf('/'));
            assertThat(allows(pod(deployments.get("notification-service")), address.endsWith("::") ? address + "1" : address, new Probe("TCP", 443)))
                    .as(range).isFalse();
        }
    }

    @Test
    void inDevelopmentNotificationServiceAloneReachesMailpitOnTheSmtpPortTheOverlaySets() throws IOException {
        Path dev = ManifestFiles.K8S.resolve("overlays/dev");
        String kustomization = Files.readString(dev.resolve("kustomization.yaml"));
        Matcher host = Pattern.compile("SMTP_HOST=([\\w.-]+)").matcher(kustomization);
        Matcher port = Pattern.compile("SMTP_PORT=(\\d+)").matcher(kustomization);
        assertThat(host.find() && port.find()).isTrue();
        int smtp = Integer.parseInt(port.group(1));
        List<NetworkPolicy> policies = new ArrayList<>(egressPolicies);
        List<NetworkPolicy> overlay = all(ManifestFiles.load(dev), NetworkPolicy.class);
        policies.addAll(overlay);
        // Mailpit's Service and pods share its name (the SMTP_HOST the overlay gives notification-service)
        Pod mailpit = new Pod(NAMESPACE, Map.of("app.kubernetes.io/name", host.group(1)));
        for (String source : deployments.keySet()) {
            boolean sendsMail = expected(source).sendsMailAndWebhooks();
            assertThat(allows(policies, pod(deployments.get(source)), mailpit, new Probe("TCP", smtp))).as(source).isEqualTo(sendsMail);
            assertThat(allows(policies, pod(deployments.get(source)), mailpit, new Probe("TCP", 8025))).as(source + " to Mailpit's UI").isFalse();
        }
        assertThat(overlay).anySatisfy(policy -> {
            assertThat(matches(policy.getSpec().getPodSelector(), mailpit.labels())).isTrue();
            assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels())
                        .isEqualTo(Map.of("app.kubernetes.io/name", "notification-service")));
                assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(smtp));
            });
        });
    }

    @Test
    void theEvaluatorTellsAnAllowedDestinationFromADeniedOne() {
        // the table above is only as good as allows(): a policy with a port, a peer and an except must be read as a cluster reads it
        NetworkPolicy policy = ManifestFiles.YAML.unmarshal("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: sample}
                spec:
                  podSelector: {matchLabels: {app: a}}
                  policyTypes: [Egress]
                  egress:
                    - to: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [b]}]}}]
                      ports: [{protocol: TCP, port: 8080}]
                    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]
                """, NetworkPolicy.class);
        List<NetworkPolicy> policies = List.of(policy);
        Pod a = new Pod(NAMESPACE, Map.of("app", "a"));
        assertThat(allows(policies, a, new Pod(NAMESPACE, Map.of("app", "b")), new Probe("TCP", 8080))).isTrue();
        assertThat(allows(policies, a, new Pod(NAMESPACE, Map.of("app", "b")), new Probe("TCP", 8081))).isFalse();
        assertThat(allows(policies, a, new Pod(NAMESPACE, Map.of("app", "b")), new Probe("UDP", 8080))).isFalse();
        assertThat(allows(policies, a, new Pod("elsewhere", Map.of("app", "b")), new Probe("TCP", 8080))).isFalse();
        assertThat(allows(policies, a, new Pod(NAMESPACE, Map.of("app", "c")), new Probe("TCP", 8080))).isFalse();
        assertThat(allows(policies, a, "8.8.8.8", new Probe("TCP", 1))).isTrue();
        assertThat(allows(policies, a, "10.1.2.3", new Probe("TCP", 1))).isFalse();
        assertThat(allows(policies, a, "fc00::1", new Probe("TCP", 1))).isFalse();
        assertThat(allows(policies, new Pod(NAMESPACE, Map.of("app", "z")), "10.1.2.3", new Probe("TCP", 1))).as("not isolated").isTrue();
    }

    /** What a Deployment is meant to reach, from what it reads and the values its manifests give. */
    private Expected expected(String source) {
        Set<String> read = ManifestFiles.readBy(source);
        Map<String, String> environment = ManifestFiles.environment(base, deployments.get(source));
        Map<String, Deployment> callees = new LinkedHashMap<>();
        for (String variable : read) {
            String value = environment.get(variable);
            if (value != null && value.startsWith("http://") && !variable.equals("OTLP_TRACING_ENDPOINT")) {
                String host = URI.create(value).getHost();
                Service service = one(base, Service.class, host);
                Deployment callee = deployments.values().stream()
                        .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                        .findFirst().orElseThrow(() -> new AssertionError(variable + " names " + host + ", which selects no Deployment"));
                callees.put(callee.getMetadata().getName(), callee);
            }
        }
        URI database = URI.create(environment.get("DB_URL").substring("jdbc:".length()));
        assertThat(database.getHost()).as("CloudNativePG's read-write Service of the cluster").isEqualTo("crowdfund-db-rw");
        return new Expected(read.contains("DB_URL") ? database.getPort() : -1, read.contains("KAFKA_BOOTSTRAP_SERVERS"),
                read.contains("OTLP_TRACING_ENDPOINT"), read.contains("SMTP_HOST"), callees);
    }

    private record Expected(int databasePort, boolean kafkaClient, boolean traces, boolean sendsMailAndWebhooks, Map<String, Deployment> callees) {

        boolean pod(Pod destination, Probe probe) {
            if (destination.equals(KUBE_DNS)) {
                return probe.port() == 53;
            }
            if (destination.equals(database())) {
                return probe.tcp(databasePort);
            }
            if (destination.equals(KAFKA_BROKER)) {
                return kafkaClient && probe.tcp(KAFKA_CLIENT_PORT);
            }
            if (destination.equals(COLLECTOR)) {
                return traces && probe.tcp(OTLP_HTTP_PORT);
            }
            return callees.values().stream().anyMatch(callee -> destination.equals(EgressPolicyTests.pod(callee)) && probe.tcp(8080));
        }

        boolean internet() {
            return sendsMailAndWebhooks;
        }
    }

    private int containerPort(String deployment) {
        Service service = one(base, Service.class, deployment);
        IntOrString target = service.getSpec().getPorts().getFirst().getTargetPort();
        return deployments.get(deployment).getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts().stream()
                .filter(port -> target.getIntVal() != null ? port.getContainerPort().equals(target.getIntVal()) : target.getStrVal().equals(port.getName()))
                .findFirst().orElseThrow().getContainerPort();
    }

    private static Pod database() {
        return new Pod(NAMESPACE, Map.of("cnpg.io/cluster", "crowdfund-db", "cnpg.io/instanceRole", "primary"));
    }

    private static Pod pod(Deployment deployment) {
        return new Pod(NAMESPACE, deployment.getSpec().getTemplate().getMetadata().getLabels());
    }

    private boolean allows(Pod source, Object destination, Probe probe) {
        return allows(egressPolicies, source, destination, probe);
    }

    /** Whether a cluster lets the source open a connection to the destination (a Pod, or an address) on the port. */
    private static boolean allows(List<NetworkPolicy> policies, Pod source, Object destination, Probe probe) {
        List<NetworkPolicy> selecting = policies.stream().filter(policy -> policy.getSpec().getPolicyTypes().contains("Egress"))
                .filter(policy -> matches(policy.getSpec().getPodSelector(), source.labels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy policy : selecting) {
            for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                boolean port = rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(p -> matches(p, probe));
                boolean peer = rule.getTo().isEmpty() || rule.getTo().stream().anyMatch(p -> matches(p, destination));
                if (port && peer) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(NetworkPolicyPort port, Probe probe) {
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        if (port.getPort() == null) {
            return protocol.equals(probe.protocol());
        }
        assertThat(port.getPort().getIntVal()).as("ports by number (a named port is the destination's)").isNotNull();
        int last = port.getEndPort() == null ? port.getPort().getIntVal() : port.getEndPort();
        return protocol.equals(probe.protocol()) && probe.port() >= port.getPort().getIntVal() && probe.port() <= last;
    }

    private static boolean matches(NetworkPolicyPeer peer, Object destination) {
        if (peer.getIpBlock() != null) {
            return destination instanceof String address && contains(peer.getIpBlock(), address);
        }
        if (!(destination instanceof Pod pod)) {
            return false;
        }
        boolean namespace = peer.getNamespaceSelector() == null ? pod.namespace().equals(NAMESPACE)
                : matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", pod.namespace()));
        return namespace && (peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels()));
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
            String value = labels.get(requirement.getKey());
            boolean met = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("operator " + requirement.getOperator());
            };
            if (!met) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(IPBlock block, String address) {
        return inRange(block.getCidr(), address) && block.getExcept().stream().noneMatch(except -> inRange(except, address));
    }

    private static boolean inRange(String cidr, String address) {
        try {
            byte[] network = InetAddress.getByName(cidr.substring(0, cidr.indexOf('/'))).getAddress();
            byte[] candidate = InetAddress.getByName(address).getAddress();
            if (network.length != candidate.length) {
                return false;
            }
            int bits = network.length * 8;
            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(prefix).not();
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
        } catch (UnknownHostException e) {
            throw new AssertionError(cidr + " / " + address, e);
        }
    }

    private record Pod(String namespace, Map<String, String> labels) {
    }

    private record Probe(String protocol, int port) {

        boolean tcp(int expected) {
            return protocol.equals("TCP") && port == expected;
        }
    }
}
