package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.crowdfund.k8s.KafkaUsers.Acl;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/**
 * Each service's KafkaUser (kafka-users.yaml) against what the service's code does with Kafka, read from the code as
 * ManifestTests reads it: the topics it publishes (its outbox: {@code outbox.send(XChannels.Y, ...)} and
 * {@code new OutgoingMessage(XChannels.Y, ...)}), the topics and groups it consumes ({@code @KafkaListener}, the group
 * from {@code groupId} or application.yml's {@code spring.kafka.consumer.group-id}), the topics it declares
 * ({@code Topics.declare}), with libs/messaging's rules: a consumed topic's failed records go to its {@code .DLT}
 * topic, and operators re-drive the dead letters of the commands and replies a service consumes onto their topic.
 * The ACLs must be exactly these: nothing missing, nothing more.
 */
class KafkaAclTests {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final List<String> SERVICES = Stream.of("wallet", "campaign", "pledge", "notification", "closure")
            .map(name -> name + "-service").toList();
    private static final Pattern CHANNEL = Pattern.compile("\\b(\\w+Channels)\\.([A-Z][A-Z0-9_]*)\\b");
    /** The annotation up to its closing parenthesis at the end of a line. */
    private static final Pattern LISTENER = Pattern.compile("@KafkaListener\\((.*?)\\)[ \\t]*\\R", Pattern.DOTALL);
    private static final Pattern SEND = Pattern.compile("outbox\\.send\\(\\s*(\\w+Channels\\.[A-Z][A-Z0-9_]*)");
    /** Sending a list of OutgoingMessages, whose topics are read where each is made. */
    private static final Pattern SEND_LIST = Pattern.compile("outbox\\.send\\(\\s*[\\w.]+\\s*\\)");
    private static final Pattern OUTGOING = Pattern.compile("new OutgoingMessage\\(\\s*(\\w+Channels\\.[A-Z][A-Z0-9_]*)");
    private static final Pattern DECLARE = Pattern.compile("Topics\\.declare\\(([^;]*)\\);");
    private static final Pattern GROUP_ID = Pattern.compile("\\bgroupId\\s*=\\s*\"([^\"]*)\"");
    private static final String DEAD_LETTERS = ".DLT";

    private final List<HasMetadata> base = ManifestTests.load(ROOT.resolve("infra/k8s/base"));
    private final Map<String, String> topics = topicConstants();

    /**
     * What a service's code does with Kafka.
     *
     * @param groups its consumer groups, a name ending in {@code *} a prefix (a group per replica)
     */
    record Access(Set<String> produced, Set<String> consumed, Set<String> groups, Set<String> declared) {
    }

    @Test
    void eachServiceIsAKafkaUserWithExactlyTheAclsItsCodeNeeds() throws IOException {
        Map<String, GenericKubernetesResource> users = KafkaUsers.in(base);
        assertThat(users.keySet()).as("one KafkaUser per service, none for web-app").containsExactlyInAnyOrderElementsOf(SERVICES);
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            GenericKubernetesResource user = users.get(service);
            assertThat(user.getMetadata().getLabels()).as(service).containsEntry("strimzi.io/cluster", "crowdfund-kafka");
            assertThat(KafkaUsers.authentication(user)).as(service).containsEntry("type", "scram-sha-512");
            assertThat(KafkaUsers.authorization(user)).as(service).containsEntry("type", "simple");
            problems.addAll(problems(service, needed(access(service)), KafkaUsers.acls(user)));
        }
        assertThat(problems).as("kafka-users.yaml against the code").isEmpty();
    }

    @Test
    void readsWhatEachServicePublishesConsumesAndDeclares() throws IOException {
        Access closure = access("closure-service");
        assertThat(closure.produced()).containsExactlyInAnyOrder("closure.events", "campaign.commands", "pledge.commands", "wallet.commands");
        assertThat(closure.consumed()).containsExactlyInAnyOrder("campaign.events", "pledge.events", "wallet.events");
        assertThat(closure.groups()).containsExactly("closure-service");
        assertThat(access("wallet-service").consumed()).containsExactly("wallet.commands");
        assertThat(access("notification-service").produced()).isEmpty();
        assertThat(access("campaign-service").groups()).containsExactlyInAnyOrder("campaign-service", "campaign-streams-*");
        assertThat(access("pledge-service").declared()).contains("wallet.commands", "pledge.replies");
        for (String service : SERVICES) {
            Access access = access(service);
            Set<String> described = new TreeSet<>(access.produced());
            described.addAll(access.consumed());
            // KafkaAdmin describes the topics a service declares at start-up (the KafkaTopics make them)
            assertThat(described).as("%s may describe the topics it declares", service).containsAll(access.declared());
        }
    }

    /** The check can fail: an ACL taken out, or one more, is named. */
    @Test
    void namesAMissingAndAnExtraAcl() throws IOException {
        Set<Acl> needed = needed(access("closure-service"));
        Set<Acl> changed = new TreeSet<>(KafkaUsers.acls(KafkaUsers.in(base).get("closure-service")));
        assertThat(changed.remove(new Acl("topic", "wallet.commands", "literal", "Write"))).isTrue();
        changed.add(new Acl("topic", "wallet.commands", "literal", "Read"));

        assertThat(problems("closure-service", needed, changed)).containsExactlyInAnyOrder(
                "closure-service's KafkaUser lacks Write topic wallet.commands",
                "closure-service's KafkaUser allows Read topic wallet.commands, which its code does not need");
    }

    @Test
    void eachServiceLogsInAsItsKafkaUserOverTlsTrustingTheClusterCa() {
        Map<String, Object> kafka = spec(one(GenericKubernetesResource.class, "crowdfund-kafka"));
        @SuppressWarnings("unchecked")
        Map<String, Object> broker = (Map<String, Object>) kafka.get("kafka");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) broker.get("listeners");
        assertThat(listeners).as("one listener: TLS with SCRAM logins").singleElement().satisfies(listener -> {
            assertThat(listener).containsEntry("tls", true).containsEntry("port", 9093).containsEntry("authentication", Map.of("type", "scram-sha-512"));
        });
        assertThat(broker).containsEntry("authorization", Map.of("type", "simple"));
        @SuppressWarnings("unchecked")
        Map<String, Object> operators = (Map<String, Object>) kafka.get("entityOperator");
        assertThat(operators).as("the User Operator makes the users and their Secrets").containsKey("userOperator");

        Map<String, String> config = one(ConfigMap.class, "crowdfund-config").getData();
        assertThat(config).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "crowdfund-kafka-kafka-bootstrap:9093")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL").containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        String truststore = config.get("KAFKA_TRUSTSTORE_PEM");
        for (String service : SERVICES) {
            PodSpec pod = one(Deployment.class, service).getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().getFirst();
            Map<String, EnvVar> env = new HashMap<>();
            container.getEnv().forEach(variable -> env.put(variable.getName(), variable));
            assertThat(env.get("KAFKA_USERNAME").getValue()).as(service).isEqualTo(service);
            var password = env.get("KAFKA_PASSWORD").getValueFrom().getSecretKeyRef();
            assertThat(List.of(password.getName(), password.getKey())).as(service + ": its KafkaUser's Secret").containsExactly(service, "password");
            assertThat(pod.getVolumes()).as(service).filteredOn(volume -> volume.getSecret() != null).anySatisfy(volume -> {
                assertThat(volume.getSecret().getSecretName()).isEqualTo("crowdfund-kafka-cluster-ca-cert");
                assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
                    assertThat(item.getKey()).isEqualTo("ca.crt");
                    assertThat(container.getVolumeMounts()).as(service + " mounts the CA at " + truststore)
                            .anyMatch(mount -> mount.getName().equals(volume.getName()) && (mount.getMountPath() + "/" + item.getPath()).equals(truststore));
                });
            });
        }
        assertThat(one(Deployment.class, "web-app").getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                .as("web-app is no Kafka client").noneMatch(variable -> variable.getName().startsWith("KAFKA_"));
        var fromServices = one(NetworkPolicy.class, "kafka-clients").getSpec().getIngress().stream()
                .filter(rule -> rule.getFrom().stream().anyMatch(peer -> peer.getPodSelector() != null
                        && "crowdfund".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/part-of"))))
                .toList();
        assertThat(fromServices).singleElement().satisfies(rule -> assertThat(rule.getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(9093)));
    }

    /** What a KafkaUser lacks and what it allows beyond what the code needs. */
    static List<String> problems(String service, Set<Acl> needed, Set<Acl> declared) {
        List<String> problems = new ArrayList<>();
        needed.stream().filter(acl -> !declared.contains(acl)).forEach(acl -> problems.add("%s's KafkaUser lacks %s".formatted(service, acl)));
        declared.stream().filter(acl -> !needed.contains(acl))
                .forEach(acl -> problems.add("%s's KafkaUser allows %s, which its code does not need".formatted(service, acl)));
        return problems;
    }

    /**
     * The ACLs a service needs for what its code does: Write and Describe on what it publishes; Read and Describe on
     * what it consumes, Read on its groups; Write and Describe on each consumed topic's dead-letter topic; to re-drive
     * dead letters, Read on the dead-letter topics of the commands and replies it consumes and Write on those topics
     * (events are written by the service that tells them only). No producer is transactional: no transactional ids.
     */
    private Set<Acl> needed(Access access) {
        Set<Acl> acls = new TreeSet<>();
        for (String topic : access.produced()) {
            acls.addAll(topic(topic, "Write", "Describe"));
        }
        for (String topic : access.consumed()) {
            acls.addAll(topic(topic, "Read", "Describe"));
            acls.addAll(topic(topic + DEAD_LETTERS, "Write", "Describe"));
            if (!isEvents(topic)) {
                acls.addAll(topic(topic + DEAD_LETTERS, "Read"));
                acls.addAll(topic(topic, "Write"));
            }
        }
        for (String group : access.groups()) {
            acls.add(group.endsWith("*") ? new Acl("group", group.substring(0, group.length() - 1), "prefix", "Read")
                    : new Acl("group", group, "literal", "Read"));
        }
        return acls;
    }

    private static List<Acl> topic(String name, String... operations) {
        return Stream.of(operations).map(operation -> new Acl("topic", name, "literal", operation)).toList();
    }

    /** Whether the topic is a service's events (its Channels' EVENTS): facts only that service writes. */
    private boolean isEvents(String topic) {
        return topics.entrySet().stream().anyMatch(constant -> constant.getKey().endsWith(".EVENTS") && constant.getValue().equals(topic));
    }

    /** What the service's main code does with Kafka; fails on a use of a topic constant it cannot tell. */
    private Access access(String service) throws IOException {
        Set<String> produced = new TreeSet<>();
        Set<String> consumed = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> declared = new TreeSet<>();
        String defaultGroup = ManifestTests.properties(service).get("spring.kafka.consumer.group-id");
        Path properties = ROOT.resolve(service + "/src/main/resources/application.yml");
        assertThat(Files.readString(properties)).as("%s: a transactional producer would need transactional-id ACLs", service)
                .doesNotContain("transaction-id-prefix");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(ROOT.resolve(service + "/src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        for (Path source : sources) {
            String code = Files.readString(source).replaceAll("(?m)^import .*$", "");
            assertThat(code).as("%s: a transactional producer would need transactional-id ACLs", source).doesNotContain("TRANSACTIONAL_ID");
            Matcher listener = LISTENER.matcher(code);
            while (listener.find()) {
                List<String> listened = channels(listener.group(1));
                assertThat(listened).as("the topics of %s in %s", listener.group(), source).isNotEmpty();
                consumed.addAll(listened);
                Matcher groupId = GROUP_ID.matcher(listener.group(1));
                String group = groupId.find() ? groupId.group(1) : defaultGroup;
                assertThat(group).as("%s: the group of %s", source, listener.group()).isNotBlank();
                // a group with an expression (#{...}, ${...}) is a group per replica: its ACL is on the name's prefix
                int expression = group.replace("${", "#{").indexOf("#{");
                groups.add(expression < 0 ? group : group.substring(0, expression) + "*");
            }
            code = LISTENER.matcher(code).replaceAll("");
            for (Pattern sending : List.of(SEND, OUTGOING)) {
                Matcher sent = sending.matcher(code);
                while (sent.find()) {
                    produced.addAll(channels(sent.group(1)));
                }
                code = sending.matcher(code).replaceAll("");
            }
            code = SEND_LIST.matcher(code).replaceAll("");
            Matcher declaring = DECLARE.matcher(code);
            while (declaring.find()) {
                declared.addAll(channels(declaring.group(1)));
            }
            code = DECLARE.matcher(code).replaceAll("");
            assertThat(CHANNEL.matcher(code).results().map(match -> match.group()).toList())
                    .as("%s: uses of topics this test cannot tell as published, consumed or declared", source).isEmpty();
            assertThat(code).as("%s: a send this test cannot read the topic of", source).doesNotContain("outbox.send(").doesNotContain("KafkaTemplate");
        }
        return new Access(produced, consumed, groups, declared);
    }

    /** The topics the Channels constants in the text name. */
    private List<String> channels(String text) {
        List<String> named = new ArrayList<>();
        Matcher channel = CHANNEL.matcher(text);
        while (channel.find()) {
            String topic = topics.get(channel.group(1) + "." + channel.group(2));
            assertThat(topic).as("the topic %s names", channel.group()).isNotNull();
            named.add(topic);
        }
        return named;
    }

    /** Every topic constant of libs/contracts: {@code WalletChannels.COMMANDS} to {@code wallet.commands}. */
    private static Map<String, String> topicConstants() {
        Map<String, String> constants = new HashMap<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("libs/contracts/src/main/java"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("Channels.java")).toList()) {
                String owner = file.getFileName().toString().replace(".java", "");
                Matcher constant = Pattern.compile("static final String (\\w+) = \"([^\"]+)\"").matcher(Files.readString(file));
                while (constant.find()) {
                    constants.put(owner + "." + constant.group(1), constant.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(constants).hasSizeGreaterThanOrEqualTo(8);
        return constants;
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) {
        List<T> found = base.stream().filter(type::isInstance).map(type::cast).filter(r -> r.getMetadata().getName().equals(name)).toList();
        assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return found.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }
}
