package io.crowdfund.notification.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;

import io.crowdfund.notification.NotificationProperties;

/**
 * Encrypts and decrypts endpoints' signing secrets: AES-256-GCM through Tink, under the primary key,
 * with the webhook's id as associated data, so a ciphertext copied to another row does not decrypt.
 * A ciphertext names its key (Tink's prefix, and the row's {@code secret_key_id}); any configured
 * key decrypts what it encrypted.
 */
@Component
class SigningSecrets {

    /** A sealed secret and the id of the key that sealed it. */
    record Sealed(byte[] ciphertext, int keyId) {
    }

    private final Aead aead;
    private final int primaryKeyId;
    private final List<Integer> keyIds;

    @Autowired
    SigningSecrets(NotificationProperties properties) {
        this(SecretKeys.load(properties.webhooks().secrets()));
    }

    SigningSecrets(KeysetHandle keys) {
        try {
            AeadConfig.register();
            this.aead = keys.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The webhook secret keys cannot encrypt: " + e.getMessage(), e);
        }
        this.primaryKeyId = keys.getPrimary().getId();
        this.keyIds = IntStream.range(0, keys.size()).mapToObj(i -> keys.getAt(i).getId()).toList();
    }

    Sealed seal(UUID webhookId, String secret) {
        try {
            return new Sealed(aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(webhookId)), primaryKeyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt the signing secret of webhook " + webhookId, e);
        }
    }

    /**
     * @throws GeneralSecurityException if no configured key decrypts it, or it belongs to another webhook
     */
    String open(UUID webhookId, byte[] ciphertext) throws GeneralSecurityException {
        return new String(aead.decrypt(ciphertext, associatedData(webhookId)), StandardCharsets.UTF_8);
    }

    int primaryKeyId() {
        return primaryKeyId;
    }

    /** Configured keys older than the primary (a smaller id): what they encrypted is re-encrypted under the primary. */
    List<Integer> olderKeyIds() {
        return keyIds.stream().filter(id -> id < primaryKeyId).toList();
    }

    boolean knows(int keyId) {
        return keyIds.contains(keyId);
    }

    private static byte[] associatedData(UUID webhookId) {
        return ("webhook:" + webhookId).getBytes(StandardCharsets.UTF_8);
    }
}
