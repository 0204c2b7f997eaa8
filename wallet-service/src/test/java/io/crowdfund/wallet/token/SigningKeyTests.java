package io.crowdfund.wallet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import io.crowdfund.wallet.WalletProperties;

class SigningKeyTests {

    @Test
    void refusesToGoOnWithoutAKeyUnlessDevelopmentAllowsAGeneratedOne(@TempDir Path directory) {
        assertThatThrownBy(() -> SigningKey.load(settings(null, null, null, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("No key to sign tokens with: set JWT_PRIVATE_KEY");
        Path missing = directory.resolve("missing.pem");
        assertThatThrownBy(() -> SigningKey.load(settings(null, missing.toString(), null, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
        var first = SigningKey.load(settings(null, null, null, true));
        assertThat(first.isPrivate()).isTrue();
        assertThat(SigningKey.load(settings(null, null, null, true)).getKeyID())
                .as("one development key for every context of the process, as replicas share theirs").isEqualTo(first.getKeyID());
    }

    @Test
    void keepsAGeneratedDevelopmentKeyInTheKeyFileSoTokensSurviveARestart(@TempDir Path directory) throws Exception {
        var settings = settings(null, directory.resolve("keys/jwt.pem").toString(), null, true);
        var first = SigningKey.load(settings);
        var afterRestart = SigningKey.load(settings);
        assertThat(afterRestart.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(afterRestart.toPublicJWK()).isEqualTo(first.toPublicJWK());
        assertThat(Files.getPosixFilePermissions(directory.resolve("keys/jwt.pem"))).as("owner read and write only").hasSize(2);
        assertThat(SigningKey.load(settings(null, settings.keyFile(), null, false)).getKeyID())
                .as("an existing key file is a configured key, development or not").isEqualTo(first.getKeyID());
    }

    @Test
    void replicasStartingAtOnceWithoutAKeyFileAllSignWithTheFirstGeneratedKey(@TempDir Path directory) throws Exception {
        var settings = settings(null, directory.resolve("shared/jwt.pem").toString(), null, true);
        int replicas = 6;
        var ready = new CyclicBarrier(replicas);
        List<Future<RSAKey>> loaded = new ArrayList<>();
        try (var starting = Executors.newFixedThreadPool(replicas)) {
            for (int i = 0; i < replicas; i++) {
                loaded.add(starting.submit(() -> {
                    ready.await();
                    return SigningKey.load(settings);
                }));
            }
        }
        Set<String> kids = new HashSet<>();
        for (Future<RSAKey> key : loaded) {
            kids.add(key.get().getKeyID());
        }
        assertThat(kids).as("one key for every replica: a token one signs, every other accepts").hasSize(1);
        assertThat(SigningKey.load(settings).getKeyID()).as("the key in the file").isEqualTo(kids.iterator().next());
        try (var files = Files.list(directory.resolve("shared"))) {
            assertThat(files).as("no temporary file left behind").containsExactly(directory.resolve("shared/jwt.pem"));
        }
    }

    @Test
    void prefersTheConfiguredPemToTheKeyFile(@TempDir Path directory) throws Exception {
        RSAKey configured = generate();
        var loaded = SigningKey.load(settings(privatePem(configured), directory.resolve("b.pem").toString(), null, true));
        assertThat(loaded.getKeyID()).isEqualTo(configured.computeThumbprint().toString());
        assertThat(directory.resolve("b.pem")).doesNotExist();
    }

    @Test
    void takesVerificationKeysAsPublicOrPrivatePemsWithTheIdsTheyHadWhenTheySigned() throws Exception {
        RSAKey previous = generate();
        RSAKey other = generate();
        String kid = SigningKey.load(settings(privatePem(previous), null, null, false)).getKeyID();
        var keys = SigningKey.verificationKeys(publicPem(previous) + "\n" + privatePem(other));
        assertThat(keys).extracting(RSAKey::getKeyID).containsExactly(kid, other.computeThumbprint().toString());
        assertThat(keys).noneMatch(RSAKey::isPrivate);
        assertThat(SigningKey.verificationKeys("")).isEmpty();
        assertThatThrownBy(() -> SigningKey.verificationKeys("not a key")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SigningKey.verificationKeys("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAKeyThatIsNotAnRsaPrivateKey() {
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverShowsThePrivateKeyInTheSettingsText() throws Exception {
        String pem = privatePem(generate());
        assertThat(settings(pem, null, null, false).toString()).doesNotContain(pem.substring(30, 60)).contains("privateKey=(hidden)");
    }

    static WalletProperties.Token settings(String privateKey, String keyFile, String verificationKeys, boolean developmentKey) {
        return new WalletProperties.Token("crowdfund-wallet", "crowdfund-api", Duration.ofHours(1), privateKey, keyFile, verificationKeys,
                developmentKey);
    }

    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String privatePem(RSAKey key) throws JOSEException {
        return SigningKey.toPem((RSAPrivateCrtKey) key.toPrivateKey());
    }

    static String publicPem(RSAKey key) throws JOSEException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.toRSAPublicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }
}
