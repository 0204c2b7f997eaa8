package io.crowdfund.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.sun.net.httpserver.HttpServer;

import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.web.Caller;

/**
 * Signing secrets in real PostgreSQL: stored encrypted, still delivered with while in plaintext from
 * before encryption, encrypted by replicas running at once (each row once), and moved off an older
 * key after a rotation.
 */
@IntegrationTest
class SecretsAtRestIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Keys of other deployments (the context has its own development key, id 1). */
    private static final String KEY_20 = SecretKeys.generate(20);
    private static final String KEY_29 = SecretKeys.generate(29);
    private static final String KEY_30 = SecretKeys.generate(30);
    private static final String KEY_31 = SecretKeys.generate(31);

    @Autowired
    private JdbcClient sql;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private Webhooks webhooks;

    @Autowired
    private WebhookEvents events;

    @Autowired
    private SigningSecrets secrets;

    private record Received(String webhookId, long timestamp, String signature, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            var headers = exchange.getRequestHeaders();
            received.add(new Received(headers.getFirst("webhook-id"), Long.parseLong(headers.getFirst("webhook-timestamp")),
                    headers.getFirst("webhook-signature"), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void storesANewSecretOnlyEncryptedAndSignsDeliveriesWithIt() {
        var webhook = webhooks.create(new Caller(UUID.randomUUID(), false), url(), List.of("ping"));
        Map<String, Object> row = row(webhook.id());
        assertThat(row.get("secret")).as("no plaintext at rest").isNull();
        assertThat((Integer) row.get("secret_key_id")).isEqualTo(secrets.primaryKeyId());
        assertThat(new String((byte[]) row.get("secret_ciphertext"), StandardCharsets.ISO_8859_1)).doesNotContain(webhook.secret().substring(6));
        assertThat(webhooks.get(new Caller(webhook.ownerId(), false), webhook.id()).secret()).as("shown once").isNull();

        assertDeliveredSignedWith(webhook.id(), webhook.secret());
    }

    @Test
    void deliversWithAPlaintextSecretFromBeforeEncryptionUntilItIsEncryptedThenWithTheSameSecret() throws Exception {
        var webhook = webhooks.create(new Caller(UUID.randomUUID(), false), url(), List.of("ping"));
        String legacy = Signatures.newSecret();
        storePlaintext(webhook.id(), legacy);
        assertDeliveredSignedWith(webhook.id(), legacy);

        new SecretReencryption(new WebhookStore(sql), transactions, secrets, Duration.ofMinutes(10)).reencrypt();

        Map<String, Object> row = row(webhook.id());
        assertThat(row.get("secret")).isNull();
        assertThat(secrets.open(webhook.id(), (byte[]) row.get("secret_ciphertext"))).isEqualTo(legacy);
        assertDeliveredSignedWith(webhook.id(), legacy);
    }

    @Test
    void encryptsEachPlaintextSecretOnceWhenReplicasRunAtTheSameTime() throws Exception {
        Map<UUID, String> plaintexts = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            var webhook = webhooks.create(new Caller(UUID.randomUUID(), false), url(), List.of("ping"));
            plaintexts.put(webhook.id(), Signatures.newSecret());
        }
        plaintexts.forEach(this::storePlaintext);
        long waiting = sql.sql("select count(*) from webhooks where secret is not null").query(Long.class).single();

        List<Callable<Integer>> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var replica = new SecretReencryption(new WebhookStore(sql), transactions, new SigningSecrets(SecretKeys.parse(KEY_20)), Duration.ofMinutes(10));
            replicas.add(replica::reencrypt);
        }
        int encrypted = 0;
        try (var threads = Executors.newFixedThreadPool(3)) {
            for (Future<Integer> replica : threads.invokeAll(replicas)) {
                encrypted += replica.get();
            }
        }

        assertThat(encrypted).as("each row by one replica").isEqualTo(waiting);
        var opener = new SigningSecrets(SecretKeys.parse(KEY_20));
        for (var plaintext : plaintexts.entrySet()) {
            Map<String, Object> row = row(plaintext.getKey());
            assertThat(row.get("secret")).isNull();
            assertThat(row.get("secret_key_id")).isEqualTo(20);
            assertThat(opener.open(plaintext.getKey(), (byte[]) row.get("secret_ciphertext"))).isEqualTo(plaintext.getValue());
        }
    }

    @Test
    void movesSecretsOffAnOlderKeyOnceANewerOneIsFirstAndLeavesThoseOfUnknownKeysAlone() throws Exception {
        var old = new SigningSecrets(SecretKeys.parse(KEY_30));
        var unknown = new SigningSecrets(SecretKeys.parse(KEY_29));
        Map<UUID, String> plaintexts = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            var webhook = webhooks.create(new Caller(UUID.randomUUID(), false), url(), List.of("ping"));
            plaintexts.put(webhook.id(), Signatures.newSecret());
            storeSealed(webhook.id(), (i == 0 ? unknown : old).seal(webhook.id(), plaintexts.get(webhook.id())));
        }
        UUID underUnknownKey = plaintexts.keySet().stream().filter(id -> row(id).get("secret_key_id").equals(29)).findFirst().orElseThrow();

        assertThat(new SecretReencryption(new WebhookStore(sql), transactions, old, Duration.ofMinutes(10)).reencrypt()).as("nothing older than key 30 to move").isZero();
        var rotated = new SigningSecrets(SecretKeys.parse(KEY_31 + "," + KEY_30));
        assertThat(new SecretReencryption(new WebhookStore(sql), transactions, rotated, Duration.ofMinutes(10)).reencrypt()).isGreaterThanOrEqualTo(2);

        var newOnly = new SigningSecrets(SecretKeys.parse(KEY_31));
        for (var plaintext : plaintexts.entrySet()) {
            Map<String, Object> row = row(plaintext.getKey());
            if (plaintext.getKey().equals(underUnknownKey)) {
                assertThat(row.get("secret_key_id")).as("a key this replica does not have").isEqualTo(29);
            } else {
                assertThat(row.get("secret_key_id")).isEqualTo(31);
                assertThat(newOnly.open(plaintext.getKey(), (byte[]) row.get("secret_ciphertext"))).isEqualTo(plaintext.getValue());
            }
        }
    }

    private void assertDeliveredSignedWith(UUID webhookId, String secret) {
        UUID event = UUID.randomUUID();
        events.deliver(webhookId, event, EventType.PING, Map.of("webhookId", webhookId.toString()), Instant.now());
        String messageId = WebhookEvents.webhookIdOf(event);
        await().atMost(WAIT).until(() -> received.stream().anyMatch(r -> r.webhookId().equals(messageId)));
        var delivery = received.stream().filter(r -> r.webhookId().equals(messageId)).findFirst().orElseThrow();
        assertThat(delivery.signature()).isEqualTo(Signatures.sign(secret, delivery.webhookId(), delivery.timestamp(), delivery.body()));
    }

    /** The row as a version before encryption wrote it. */
    private void storePlaintext(UUID webhookId, String secret) {
        sql.sql("update webhooks set secret = ?, secret_ciphertext = null, secret_key_id = null where id = ?").params(secret, webhookId).update();
    }

    private void storeSealed(UUID webhookId, SigningSecrets.Sealed sealed) {
        sql.sql("update webhooks set secret = null, secret_ciphertext = ?, secret_key_id = ? where id = ?")
                .params(sealed.ciphertext(), sealed.keyId(), webhookId).update();
    }

    private Map<String, Object> row(UUID webhookId) {
        return sql.sql("select secret, secret_ciphertext, secret_key_id from webhooks where id = ?").param(webhookId).query().singleRow();
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }
}
