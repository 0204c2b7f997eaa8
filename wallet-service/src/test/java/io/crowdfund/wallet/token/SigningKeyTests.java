package io.crowdfund.wallet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;

import io.crowdfund.wallet.WalletProperties;

class SigningKeyTests {

    @Test
    void keepsAGeneratedKeyInTheKeyFileSoTokensSurviveARestart(@TempDir Path directory) throws Exception {
        var settings = new WalletProperties.Token("test", Duration.ofHours(1), null, directory.resolve("keys/jwt.pem").toString());
        var first = SigningKey.load(settings);
        var afterRestart = SigningKey.load(settings);
        assertThat(afterRestart.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(afterRestart.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
        assertThat(Files.getPosixFilePermissions(directory.resolve("keys/jwt.pem"))).hasSize(2);
    }

    @Test
    void prefersTheConfiguredPemToTheKeyFile(@TempDir Path directory) {
        var generated = SigningKey.load(new WalletProperties.Token("test", Duration.ofHours(1), null, directory.resolve("a.pem").toString()));
        String pem = SigningKey.toPem((RSAPrivateCrtKey) privateKeyOf(generated));
        var configured = SigningKey.load(new WalletProperties.Token("test", Duration.ofHours(1), pem, directory.resolve("b.pem").toString()));
        assertThat(configured.getKeyID()).isEqualTo(generated.getKeyID());
        assertThat(directory.resolve("b.pem")).doesNotExist();
    }

    @Test
    void refusesAKeyThatIsNotAnRsaPrivateKey() {
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .isInstanceOf(IllegalStateException.class);
    }

    private static PrivateKey privateKeyOf(RSAKey key) {
        try {
            return key.toPrivateKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
