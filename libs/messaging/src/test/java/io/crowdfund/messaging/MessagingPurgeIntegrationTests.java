package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.crowdfund.testsupport.TestInfrastructure;

/** The inbox purge against real PostgreSQL, in a database of its own (it vacuums the inbox). */
class MessagingPurgeIntegrationTests {

    private static final Duration RETENTION = Duration.ofDays(7);
    private static final int IDS = 30_000;
    private static final int BATCH = 10_000;
    private static final Pattern TOP_BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");

    private final JdbcTemplate jdbc = new JdbcTemplate(freshDatabase());
    private final MessagingPurge purge = new MessagingPurge(jdbc, new MessagingProperties.Purge(Duration.ofMinutes(10), RETENTION, BATCH));

    @Test
    void aPurgeWithNothingExpiredReadsAFewPagesEvenWhereExpiredIdsOnceLay() {
        Instant now = Instant.now();
        insertIds(now.minus(RETENTION).minus(Duration.ofDays(1)));
        assertThat(purge.purge(now)).isEqualTo(IDS);
        jdbc.execute("vacuum messaging.inbox");
        insertIds(now);

        assertThat(purge.purge(now)).isZero();
        assertThat(buffersOfAPurgePass(now)).as("pages a purge pass reads when nothing has expired").isLessThan(20);
    }

    /** Ids processed at one instant, in one statement (new ids fill the pages the purge and vacuum freed). */
    private void insertIds(Instant processedAt) {
        jdbc.update("""
                insert into messaging.inbox (consumer, message_id, processed_at)
                select 'purge-test', gen_random_uuid(), ? from generate_series(1, ?)""", Timestamp.from(processedAt), IDS);
    }

    private int buffersOfAPurgePass(Instant now) {
        String plan = String.join("\n", jdbc.queryForList("explain (analyze, buffers) " + MessagingPurge.DELETE_EXPIRED, String.class,
                Timestamp.from(now.minus(RETENTION)), BATCH));
        Matcher top = TOP_BUFFERS.matcher(plan);
        assertThat(top.find()).as("buffers in %s", plan).isTrue();
        return (top.group(1) == null ? 0 : Integer.parseInt(top.group(1))) + (top.group(2) == null ? 0 : Integer.parseInt(top.group(2)));
    }

    private static DataSource freshDatabase() {
        var infrastructure = TestInfrastructure.get();
        DataSource database = new SimpleDriverDataSource(new Driver(),
                infrastructure.jdbcUrl("messaging_purge_" + UUID.randomUUID().toString().substring(0, 8)),
                infrastructure.username(), infrastructure.password());
        new MessagingSchema(database);
        return database;
    }
}
