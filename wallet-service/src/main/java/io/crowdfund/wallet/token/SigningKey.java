package io.crowdfund.wallet.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import io.crowdfund.wallet.WalletProperties;
import io.crowdfund.web.DevelopmentKeyFile;

/**
 * The RSA keys of tokens: the one they are signed with, from {@code JWT_PRIVATE_KEY} (PKCS#8 PEM,
 * the same for every replica) or the file {@code JWT_KEY_FILE}; without either, start-up fails,
 * unless development allows a generated key (kept in the key file, or for this process only). And
 * the keys that only verify ({@code JWT_VERIFICATION_KEYS}): the previous signing key during a
 * rotation. Each key's id ({@code kid}) is its RFC 7638 thumbprint, the same wherever it is loaded.
 */
final class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([^-]*)-----END \\1 KEY-----");
    static final String MISSING = "No key to sign tokens with: set JWT_PRIVATE_KEY to an RSA private key in PKCS#8 PEM "
            + "(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048), the same for every replica, from a Kubernetes Secret, "
            + "or JWT_KEY_FILE to a file holding one (docs/security.md, \"Tokens\"). Development only: JWT_DEVELOPMENT_KEY=true "
            + "signs with a generated key.";

    private SigningKey() {
    }

    /** The key tokens are signed with (its private part included), or an {@link IllegalStateException} saying what is missing. */
    static RSAKey load(WalletProperties.Token settings) {
        if (hasText(settings.privateKey())) {
            return toJwk(fromPem(settings.privateKey()));
        }
        Path keyFile = hasText(settings.keyFile()) ? Path.of(settings.keyFile()) : null;
        if (keyFile != null && Files.exists(keyFile)) {
            return toJwk(fromPem(read(keyFile)));
        }
        if (!settings.developmentKey()) {
            throw new IllegalStateException(keyFile == null ? MISSING : "JWT_KEY_FILE " + keyFile + " does not exist. " + MISSING);
        }
        if (keyFile != null) {
            return toJwk(generateInto(keyFile));
        }
        log.warn("No JWT_PRIVATE_KEY or JWT_KEY_FILE: signing tokens with a development key of this process only; they end with it");
        return toJwk(ProcessKey.VALUE);
    }

    /** The public keys of PEM blocks, public ({@code BEGIN PUBLIC KEY}) or private (whose public part is taken). */
    static List<RSAKey> verificationKeys(String pems) {
        if (!hasText(pems)) {
            return List.of();
        }
        List<RSAKey> keys = new ArrayList<>();
        Matcher block = PEM_BLOCK.matcher(pems);
        while (block.find()) {
            RSAPublicKey key = block.group(1).equals("PUBLIC") ? publicFromPem(block.group(2)) : publicKeyOf(fromPem(block.group()));
            keys.add(toJwk(key, null));
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("JWT_VERIFICATION_KEYS holds no key: it takes PEM blocks (-----BEGIN PUBLIC KEY----- ...)");
        }
        return keys;
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

    private static RSAPublicKey publicFromPem(String base64) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.replaceAll("\\s", ""))));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("A key of JWT_VERIFICATION_KEYS is not an RSA public key in PEM", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWT key file " + file, e);
        }
    }

    private static RSAPrivateCrtKey generateInto(Path file) {
        try {
            String pem = toPem(generate());
            String kept = DevelopmentKeyFile.writeOnce(file, pem);
            log.info(kept.equals(pem) ? "Generated a development JWT signing key in {}"
                    : "Signing tokens with the development JWT key another replica generated in {}", file);
            return fromPem(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the JWT key file " + file, e);
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

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey privateKey) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey toJwk(RSAPrivateCrtKey privateKey) {
        return toJwk(publicKeyOf(privateKey), privateKey);
    }

    /** The key as a JWK for RS256 signatures, with its thumbprint as its id; {@code privateKey} may be null. */
    private static RSAKey toJwk(RSAPublicKey publicKey, RSAPrivateCrtKey privateKey) {
        try {
            var builder = new RSAKey.Builder(publicKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
            RSAKey key = (privateKey == null ? builder : builder.privateKey(privateKey)).build();
            return new RSAKey.Builder(key).keyID(key.computeThumbprint().toString()).build();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    /** A development key shared by every application context of this process (tests start several replicas in one JVM). */
    private static final class ProcessKey {

        static final RSAPrivateCrtKey VALUE = generate();
    }
}
