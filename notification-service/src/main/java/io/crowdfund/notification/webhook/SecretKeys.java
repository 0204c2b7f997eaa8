package io.crowdfund.notification.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;

import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.web.DevelopmentKeyFile;

/**
 * The keys signing secrets are encrypted with, as a Tink keyset of AES-256-GCM keys whose ids are
 * the configured ones (Tink writes the id in front of each ciphertext and decrypts with the key it
 * names). Configured as {@code id:base64} pairs, the first the primary; without any, start-up fails,
 * unless development allows a generated key (kept in a file, or for this process only).
 */
final class SecretKeys {

    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);
    private static final int KEY_BYTES = 32;
    private static final int DEVELOPMENT_KEY_ID = 1;
    static final String MISSING = "No key to encrypt webhook signing secrets with: set WEBHOOK_SECRET_KEYS to 'id:base64' of 32 random "
            + "bytes (e.g. 1:$(openssl rand -base64 32); several, comma-separated, while keys rotate: the first encrypts), from a Kubernetes "
            + "Secret (docs/security.md). Development only: WEBHOOK_SECRET_DEVELOPMENT_KEY=true uses a generated key.";

    private SecretKeys() {
    }

    static KeysetHandle load(NotificationProperties.Secrets settings) {
        if (!settings.keys().isBlank()) {
            return parse(settings.keys());
        }
        if (!settings.developmentKey()) {
            throw new IllegalStateException(MISSING);
        }
        if (!settings.developmentKeyFile().isBlank()) {
            return parse(fromFile(Path.of(settings.developmentKeyFile())));
        }
        log.warn("No WEBHOOK_SECRET_KEYS: webhook signing secrets are encrypted with a development key of this process only; "
                + "those it encrypts cannot be read after it ends");
        return parse(ProcessKey.VALUE);
    }

    /** Keys as {@code id:base64[,id:base64...]}: the first is the primary, the others only decrypt. */
    static KeysetHandle parse(String keys) {
        var keyset = KeysetHandle.newBuilder();
        Set<Integer> ids = new HashSet<>();
        String[] entries = keys.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new IllegalStateException("WEBHOOK_SECRET_KEYS: key " + (i + 1) + " is not 'id:base64'");
            }
            int id = id(entry.substring(0, colon).strip(), i);
            if (!ids.add(id)) {
                throw new IllegalStateException("WEBHOOK_SECRET_KEYS: key id " + id + " appears twice");
            }
            var key = KeysetHandle.importKey(aesGcm(id, bytes(entry.substring(colon + 1).strip(), id))).setStatus(KeyStatus.ENABLED);
            keyset.addEntry(i == 0 ? key.makePrimary() : key);
        }
        try {
            return keyset.build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("WEBHOOK_SECRET_KEYS: " + e.getMessage(), e);
        }
    }

    private static int id(String text, int index) {
        try {
            int id = Integer.parseInt(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        throw new IllegalStateException("WEBHOOK_SECRET_KEYS: key " + (index + 1) + " has no id from 1 to " + Integer.MAX_VALUE);
    }

    private static byte[] bytes(String base64, int id) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("WEBHOOK_SECRET_KEYS: key " + id + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException("WEBHOOK_SECRET_KEYS: key " + id + " has " + bytes.length + " bytes, not " + KEY_BYTES + " (AES-256)");
        }
        return bytes;
    }

    private static AesGcmKey aesGcm(int id, byte[] bytes) {
        try {
            var parameters = AesGcmParameters.builder().setKeySizeBytes(KEY_BYTES).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.TINK).build();
            return AesGcmKey.builder().setParameters(parameters).setKeyBytes(SecretBytes.copyFrom(bytes, InsecureSecretKeyAccess.get()))
                    .setIdRequirement(id).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("WEBHOOK_SECRET_KEYS: key " + id + ": " + e.getMessage(), e);
        }
    }

    /** A new key as configuration: {@code id:base64}. */
    static String generate(int id) {
        return id + ":" + Base64.getEncoder().encodeToString(SecretBytes.randomBytes(KEY_BYTES).toByteArray(InsecureSecretKeyAccess.get()));
    }

    /** The development key kept in the file, generated (readable by this user only) on first start. */
    private static String fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            String generated = generate(DEVELOPMENT_KEY_ID) + "\n";
            String kept = DevelopmentKeyFile.writeOnce(file, generated);
            log.info(kept.equals(generated) ? "Generated a development key for webhook signing secrets in {}"
                    : "Using the development key for webhook signing secrets another replica generated in {}", file);
            return kept.strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the development key file " + file, e);
        }
    }

    /** A development key shared by every application context of this process (tests start several on one database). */
    private static final class ProcessKey {

        static final String VALUE = generate(DEVELOPMENT_KEY_ID);
    }
}
