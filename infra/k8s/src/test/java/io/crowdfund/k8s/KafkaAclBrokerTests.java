package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.crowdfund.k8s.KafkaUsers.Acl;
import io.crowdfund.testsupport.KafkaProcess;

/**
 * The users and ACLs of kafka-users.yaml on a real broker (KRaft, SCRAM-SHA-512 logins, the StandardAuthorizer, as
 * Strimzi runs it): a service publishes what its ACLs let it, the service it is for consumes it, and a client without
 * a login, with a wrong password or with another service's login publishes nothing there. ACLs are per topic: the
 * message types named here (both go to wallet.commands) are labels on the records, nothing the broker reads.
 */
class KafkaAclBrokerTests {

    private static final String WALLET_COMMANDS = "wallet.commands";
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();
    private static final Map<String, String> PASSWORDS = new HashMap<>();

    private static KafkaProcess kafka;
    private static Admin admin;

    @BeforeAll
    static void startTheBrokerWithTheUsersOfKafkaUsersYaml(@TempDir Path directory) throws Exception {
        kafka = KafkaProcess.withScramLogins(directory, ADMIN, ADMIN_PASSWORD).start();
        admin = Admin.create(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", KafkaProcess.scramLogin(ADMIN, ADMIN_PASSWORD)));
        admin.createTopics(List.of(new NewTopic(WALLET_COMMANDS, 1, (short) 1))).all().get();
        List<UserScramCredentialUpsertion> logins = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        KafkaUsers.read().forEach((user, resource) -> {
            PASSWORDS.put(user, UUID.randomUUID().toString());
            logins.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORDS.get(user)));
            KafkaUsers.acls(resource).forEach(acl -> acls.add(binding(user, acl)));
        });
        assertThat(PASSWORDS).containsKeys("closure-service", "wallet-service", "notification-service");
        admin.alterUserScramCredentials(new ArrayList<>(logins)).all().get();
        admin.createAcls(acls).all().get();
        // the broker applies the controller's records in order: once it answers with every ACL, it has the logins too
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().size() == acls.size());
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void closureServicePublishesSettleCampaignFundsAndWalletServiceConsumesIt() throws Exception {
        String campaign = UUID.randomUUID().toString();
        try (var closure = producer(login("closure-service", PASSWORDS.get("closure-service")))) {
            closure.send(command("SettleCampaignFunds", campaign)).get();
        }

        Map<String, Object> wallet = login("wallet-service", PASSWORDS.get("wallet-service"));
        wallet.put(ConsumerConfig.GROUP_ID_CONFIG, "wallet-service");
        try (var consumer = consumer(wallet)) {
            consumer.subscribe(List.of(WALLET_COMMANDS));
            List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, byte[]> record) -> keys.add(record.key()));
                assertThat(keys).contains(campaign);
            });
        }
    }

    @Test
    void aClientWithoutALoginOrWithAWrongPasswordPublishesNothing() throws Exception {
        long before = published();
        Map<String, Object> noLogin = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        try (var anonymous = producer(noLogin)) {
            assertThat(unwrapped(catchThrowable(() -> anonymous.send(command("SettleCampaignFunds", UUID.randomUUID().toString())).get())))
                    .as("a client without a login gets no answer from a SASL listener").isInstanceOf(TimeoutException.class);
        }
        try (var guessing = producer(login("closure-service", "not-its-password"))) {
            assertThat(unwrapped(catchThrowable(() -> guessing.send(command("SettleCampaignFunds", UUID.randomUUID().toString())).get())))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
        assertThat(published()).isEqualTo(before);
    }

    @Test
    void notificationServicesLoginCannotPublishSettleCampaignFundsOrRefundFunds() throws Exception {
        long before = published();
        try (var notification = producer(login("notification-service", PASSWORDS.get("notification-service")))) {
            for (String type : List.of("SettleCampaignFunds", "RefundFunds")) {
                assertThat(unwrapped(catchThrowable(() -> notification.send(command(type, UUID.randomUUID().toString())).get())))
                        .as(type).isInstanceOf(TopicAuthorizationException.class);
            }
        }
        assertThat(published()).isEqualTo(before);
    }

    /** An ACL of kafka-users.yaml as the broker's binding for the user. */
    private static AclBinding binding(String user, Acl acl) {
        ResourceType type = ResourceType.valueOf(constant(acl.type()));
        String name = type == ResourceType.CLUSTER ? "kafka-cluster" : acl.name();
        PatternType pattern = acl.patternType().equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL;
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", AclOperation.valueOf(constant(acl.operation())), AclPermissionType.ALLOW));
    }

    /** Strimzi's camel case as Kafka's constant: transactionalId to TRANSACTIONAL_ID, IdempotentWrite to IDEMPOTENT_WRITE. */
    private static String constant(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** Records on wallet.commands, as the admin sees them. */
    private static long published() throws Exception {
        var partition = new TopicPartition(WALLET_COMMANDS, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
    }

    private static ProducerRecord<String, byte[]> command(String type, String key) {
        var record = new ProducerRecord<>(WALLET_COMMANDS, key, ("{\"campaignId\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
        record.headers().add("message-type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static Map<String, Object> login(String username, String password) {
        return new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", KafkaProcess.scramLogin(username, password)));
    }

    /** A producer as the services' outbox relay has (idempotent, every replica acknowledging), that gives up within seconds. */
    private static KafkaProducer<String, byte[]> producer(Map<String, Object> config) {
        config.putAll(Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 4000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000));
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> config) {
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof ExecutionException ? failure.getCause() : failure;
    }
}
