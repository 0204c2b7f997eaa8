package io.crowdfund.messaging;

import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes sent outbox rows and processed ids past their retention, in bounded statements. Safe on
 * every replica at once: deleting what another replica already deleted is a no-op.
 */
public class MessagingPurge {

    private static final Logger log = LoggerFactory.getLogger(MessagingPurge.class);

    private final JdbcTemplate jdbc;
    private final MessagingProperties.Purge settings;

    MessagingPurge(JdbcTemplate jdbc, MessagingProperties.Purge settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Scheduled(initialDelayString = "${crowdfund.messaging.purge.interval:10m}", fixedDelayString = "${crowdfund.messaging.purge.interval:10m}")
    void scheduled() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            log.warn("Messaging purge failed, next try in {}: {}", settings.interval(), e.toString());
        }
    }

    /** Purges what is older than the retention at the given instant; returns the rows deleted. */
    public int purge(Instant now) {
        int outbox = deleteInBatches("""
                delete from messaging.outbox where id in
                    (select id from messaging.outbox where sent_at < ? limit ?)""", now.minus(settings.sentOutboxRetention()));
        int inbox = deleteInBatches("""
                delete from messaging.inbox where ctid in
                    (select ctid from messaging.inbox where processed_at < ? limit ?)""", now.minus(settings.inboxRetention()));
        if (outbox + inbox > 0) {
            log.info("Purged {} sent outbox rows and {} inbox ids", outbox, inbox);
        }
        return outbox + inbox;
    }

    private int deleteInBatches(String sql, Instant before) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(sql, Timestamp.from(before), settings.batchSize());
            total += deleted;
        } while (deleted == settings.batchSize());
        return total;
    }
}
