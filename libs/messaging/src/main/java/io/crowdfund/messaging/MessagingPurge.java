package io.crowdfund.messaging;

import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes processed ids past their retention, in bounded statements (the relay deletes outbox rows
 * as it publishes them). Safe on every replica at once: deleting what another replica already
 * deleted is a no-op.
 */
public class MessagingPurge implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MessagingPurge.class);
    /** One bounded delete of ids processed before the first parameter, at most the second parameter of them. */
    static final String DELETE_EXPIRED = """
            delete from messaging.inbox where ctid in
                (select ctid from messaging.inbox where processed_at < ? limit ?)""";

    private final JdbcTemplate jdbc;
    private final MessagingProperties.Purge settings;

    MessagingPurge(JdbcTemplate jdbc, MessagingProperties.Purge settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::scheduled, settings.interval(), settings.interval()));
    }

    void scheduled() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            log.warn("Messaging purge failed, next try in {}: {}", settings.interval(), e.toString());
        }
    }

    /** Purges what is older than the retention at the given instant; returns the rows deleted. */
    public int purge(Instant now) {
        Timestamp before = Timestamp.from(now.minus(settings.inboxRetention()));
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(DELETE_EXPIRED, before, settings.batchSize());
            total += deleted;
        } while (deleted == settings.batchSize());
        if (total > 0) {
            log.info("Purged {} inbox ids", total);
        }
        return total;
    }
}
