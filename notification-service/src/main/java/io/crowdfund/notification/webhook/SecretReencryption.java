package io.crowdfund.notification.webhook;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.notification.webhook.WebhookStore.StoredSecret;

/**
 * Encrypts, under the primary key, the signing secrets still in plaintext (rows from before
 * encryption, or written by a replica of an older version during an upgrade) and those under a key
 * older than the primary (one with a smaller id, after a rotation): at start-up, before the replica
 * reports ready, then every {@code reencryptInterval}.
 * Batches are claimed with {@code FOR UPDATE SKIP LOCKED}, so replicas running at once share the
 * rows and each row is encrypted once. A row under a key not configured here is left alone.
 */
@Component
class SecretReencryption implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SecretReencryption.class);
    private static final int BATCH = 100;

    private final WebhookStore store;
    private final TransactionTemplate transactions;
    private final SigningSecrets secrets;
    private final Duration interval;

    @Autowired
    SecretReencryption(WebhookStore store, TransactionTemplate transactions, SigningSecrets secrets, NotificationProperties properties) {
        this(store, transactions, secrets, properties.webhooks().secrets().reencryptInterval());
    }

    SecretReencryption(WebhookStore store, TransactionTemplate transactions, SigningSecrets secrets, Duration interval) {
        this.store = store;
        this.transactions = transactions;
        this.secrets = secrets;
        this.interval = interval;
    }

    private record Batch(int claimed, int encrypted, @Nullable UUID last) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStartUp() {
        scheduled();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::scheduled, interval, interval));
    }

    void scheduled() {
        try {
            int encrypted = reencrypt();
            if (encrypted > 0) {
                log.info("Encrypted {} webhook signing secrets under key {}", encrypted, secrets.primaryKeyId());
            }
        } catch (RuntimeException e) {
            log.warn("Encrypting webhook signing secrets stopped; it goes on at the next run: {}", e.toString());
        }
    }

    /** Encrypts every plaintext secret and every secret under an older key that no other replica holds; answers how many. */
    int reencrypt() {
        int encrypted = 0;
        UUID after = null;
        Batch batch;
        do {
            UUID from = after;
            batch = transactions.execute(status -> reencryptBatch(from));
            encrypted += batch.encrypted();
            after = batch.last();
        } while (batch.claimed() == BATCH);
        return encrypted;
    }

    private Batch reencryptBatch(@Nullable UUID after) {
        // after the last row of the previous batch, so rows this run could not encrypt are not claimed again
        List<StoredSecret> rows = store.claimSecrets(secrets.olderKeyIds(), after, BATCH);
        int encrypted = 0;
        for (StoredSecret row : rows) {
            String plaintext = plaintext(row);
            if (plaintext != null) {
                var sealed = secrets.seal(row.id(), plaintext);
                store.seal(row.id(), sealed);
                encrypted++;
            }
        }
        return new Batch(rows.size(), encrypted, rows.isEmpty() ? after : rows.getLast().id());
    }

    private @Nullable String plaintext(StoredSecret row) {
        if (row.ciphertext() == null) {
            return row.secret();
        }
        try {
            return secrets.open(row.id(), row.ciphertext());
        } catch (GeneralSecurityException e) {
            log.warn("The signing secret of webhook {} (key {}) does not decrypt; it stays as it is", row.id(), row.keyId());
            return null;
        }
    }
}
