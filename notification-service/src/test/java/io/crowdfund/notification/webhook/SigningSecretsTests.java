package io.crowdfund.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.crowdfund.notification.NotificationProperties;

/** Signing secrets encrypted with AES-256-GCM under configured, rotating keys; start-up refuses to go on without one. */
class SigningSecretsTests {

    private static final String OLD = SecretKeys.generate(1);
    private static final String NEW = SecretKeys.generate(2);
    private static final String SECRET = Signatures.newSecret();
    private final UUID webhook = UUID.randomUUID();

    @Test
    void sealsUnderTheFirstKeyWithARandomNonceAndOpensItAgain() throws GeneralSecurityException {
        var secrets = secrets(NEW + "," + OLD);
        var sealed = secrets.seal(webhook, SECRET);
        assertThat(sealed.keyId()).isEqualTo(2);
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET.substring(6));
        // Tink's prefix: version 1, then the key id
        assertThat(sealed.ciphertext()).startsWith(1, 0, 0, 0, 2).hasSize(5 + 12 + SECRET.length() + 16);
        assertThat(secrets.seal(webhook, SECRET).ciphertext()).isNotEqualTo(sealed.ciphertext());
        assertThat(secrets.open(webhook, sealed.ciphertext())).isEqualTo(SECRET);
    }

    @Test
    void keepsOpeningWhatAnOlderKeySealedAfterANewKeyIsPutFirst() throws GeneralSecurityException {
        var before = secrets(OLD).seal(webhook, SECRET);
        var rotated = secrets(NEW + "," + OLD);
        assertThat(rotated.open(webhook, before.ciphertext())).isEqualTo(SECRET);
        assertThat(rotated.seal(webhook, SECRET).keyId()).isEqualTo(2);
        assertThat(rotated.olderKeyIds()).containsExactly(1);
        assertThatThrownBy(() -> secrets(NEW).open(webhook, before.ciphertext())).as("once the old key is removed")
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void treatsAKeyWithALargerIdThanTheFirstAsNewerNotOlder() {
        var secrets = secrets(NEW + "," + OLD + "," + SecretKeys.generate(3));
        assertThat(secrets.primaryKeyId()).isEqualTo(2);
        assertThat(secrets.olderKeyIds()).containsExactly(1);
        assertThat(secrets.knows(3)).isTrue();
    }

    @Test
    void doesNotOpenACiphertextMovedToAnotherWebhook() {
        var secrets = secrets(NEW);
        var sealed = secrets.seal(webhook, SECRET);
        assertThatThrownBy(() -> secrets.open(UUID.randomUUID(), sealed.ciphertext())).isInstanceOf(GeneralSecurityException.class);
        byte[] altered = sealed.ciphertext().clone();
        altered[20] ^= 1;
        assertThatThrownBy(() -> secrets.open(webhook, altered)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void refusesToStartWithoutAKeyUnlessDevelopmentAllowsAGeneratedOne() throws GeneralSecurityException {
        assertThatThrownBy(() -> new SigningSecrets(properties("", false, ""))).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No key to encrypt webhook signing secrets with: set WEBHOOK_SECRET_KEYS")
                .hasMessageContaining("WEBHOOK_SECRET_DEVELOPMENT_KEY=true");
        var generated = new SigningSecrets(properties("", true, ""));
        assertThat(generated.open(webhook, generated.seal(webhook, SECRET).ciphertext())).isEqualTo(SECRET);
        var again = new SigningSecrets(properties("", true, ""));
        assertThat(again.open(webhook, generated.seal(webhook, SECRET).ciphertext())).as("one key for the whole process").isEqualTo(SECRET);
    }

    @Test
    void keepsAGeneratedDevelopmentKeyInItsFileForTheNextStart(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("notification/webhook-secret-key");
        var sealed = new SigningSecrets(properties("", true, file.toString())).seal(webhook, SECRET);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new SigningSecrets(properties("", true, file.toString())).open(webhook, sealed.ciphertext())).isEqualTo(SECRET);
        assertThat(new SigningSecrets(properties(Files.readString(file), false, "")).open(webhook, sealed.ciphertext())).isEqualTo(SECRET);
    }

    @Test
    void replicasStartingAtOnceWithoutAKeyFileAllUseTheFirstGeneratedKey(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("notification/webhook-secret-key");
        int replicas = 6;
        var ready = new CyclicBarrier(replicas);
        List<Future<SigningSecrets>> started = new ArrayList<>();
        try (var starting = Executors.newFixedThreadPool(replicas)) {
            for (int i = 0; i < replicas; i++) {
                started.add(starting.submit(() -> {
                    ready.await();
                    return new SigningSecrets(properties("", true, file.toString()));
                }));
            }
        }
        var sealed = started.getFirst().get().seal(webhook, SECRET);
        for (Future<SigningSecrets> replica : started) {
            assertThat(replica.get().open(webhook, sealed.ciphertext())).as("what one replica sealed, every other opens").isEqualTo(SECRET);
        }
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "AAAA                                                  | key 1 is not 'id:base64'",
            "0:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=         | key 1 has no id from 1",
            "one:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=       | key 1 has no id from 1",
            "1:not base64!                                         | key 1 is not base64",
            "1:AAAAAAAAAAAAAAAAAAAAAA==                            | key 1 has 16 bytes, not 32 (AES-256)",
            "1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= | key id 1 appears twice"})
    void refusesMalformedKeysSayingWhatIsWrongWithoutShowingThem(String keys, String problem) {
        assertThatThrownBy(() -> SecretKeys.parse(keys)).isInstanceOf(IllegalStateException.class)
                .hasMessage("WEBHOOK_SECRET_KEYS: " + problem + (problem.startsWith("key 1 has no id") ? " to 2147483647" : ""))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AAAAAAAA"));
    }

    @Test
    void hidesTheKeysWhenItsSettingsArePrinted() {
        assertThat(properties(NEW, false, "").webhooks().secrets().toString()).doesNotContain(NEW.substring(2)).contains("(hidden)");
    }

    private static SigningSecrets secrets(String keys) {
        return new SigningSecrets(SecretKeys.parse(keys));
    }

    private static NotificationProperties properties(String keys, boolean developmentKey, String developmentKeyFile) {
        var secrets = new NotificationProperties.Secrets(keys, developmentKey, developmentKeyFile, Duration.ofMinutes(10));
        var webhooks = new NotificationProperties.Webhooks(java.util.List.of(Duration.ZERO), Duration.ofSeconds(1), 1, Duration.ofSeconds(1),
                false, new NotificationProperties.Breaker(50, 10, Duration.ofSeconds(60)), Duration.ofDays(5), 10, secrets);
        return new NotificationProperties(webhooks, null);
    }
}
