package io.crowdfund.wallet.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import io.crowdfund.wallet.WalletProperties;

/**
 * The RSA key tokens are signed with: the configured PKCS#8 PEM (production, one key for every
 * replica), else a development key kept in the key file (generated on first start, so tokens
 * survive a restart), else a key generated for this process alone.
 */
final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private SigningKey() {
    }

    static RSAKey load(WalletProperties.Token settings) {
        RSAPrivateCrtKey privateKey;
        if (hasText(settings.privateKey())) {
            privateKey = fromPem(settings.privateKey());
        } else if (hasText(settings.keyFile())) {
            privateKey = fromFile(Path.of(settings.keyFile()));
        } else {
            log.warn("No JWT_PRIVATE_KEY or JWT_KEY_FILE: signing with a key of this process only; tokens end with it");
            privateKey = generate();
        }
        return toJwk(privateKey);
    }

    static String toPem(RSAPrivateCrtKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }

    static RSAPrivateCrtKey fromPem(String pem) {
        String base64 = pem.replace(BEGIN, "").replace(END, "").replaceAll("\\s", "");
        try {
            var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (key instanceof RSAPrivateCrtKey crt) {
                return crt;
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The JWT signing key is not an RSA private key in PKCS#8 PEM", e);
        }
        throw new IllegalStateException("The JWT signing key lacks its CRT parameters");
    }

    private static RSAPrivateCrtKey fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return fromPem(Files.readString(file));
            }
            RSAPrivateCrtKey key = generate();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "jwt-key", ".tmp");
            Files.writeString(temporary, toPem(key));
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the directory's protection applies
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            log.info("Generated a development JWT signing key in {}", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the JWT key file " + file, e);
        }
    }

    private static RSAPrivateCrtKey generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey toJwk(RSAPrivateCrtKey privateKey) {
        try {
            var publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            var key = new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).build();
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
