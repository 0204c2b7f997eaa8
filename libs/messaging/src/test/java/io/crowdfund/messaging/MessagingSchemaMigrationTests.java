package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import io.crowdfund.testsupport.TestInfrastructure;

/** The kit's migrations applied to a database that already holds messages, against real PostgreSQL. */
class MessagingSchemaMigrationTests {

    @Test
    void theLeanOutboxKeepsEveryUnsentMessageInOrderAndLetsGoOfTheSentOnes() {
        var infrastructure = TestInfrastructure.get();
        DataSource database = new SimpleDriverDataSource(new Driver(),
                infrastructure.jdbcUrl("messaging_upgrade_" + UUID.randomUUID().toString().substring(0, 8)),
                infrastructure.username(), infrastructure.password());
        var jdbc = new JdbcTemplate(database);
        migrate(database, "1");
        UUID sent = insertBeforeUpgrade(jdbc, true);
        UUID first = insertBeforeUpgrade(jdbc, false);
        UUID second = insertBeforeUpgrade(jdbc, false);
        long lastIdBefore = jdbc.queryForObject("select max(id) from messaging.outbox", Long.class);

        migrate(database, "latest");

        assertThat(jdbc.queryForList("select message_id from messaging.outbox order by id", UUID.class))
                .as("unsent messages kept in their order, the sent one gone").containsExactly(first, second).doesNotContain(sent);
        UUID next = insertAfterUpgrade(jdbc);
        assertThat(jdbc.queryForObject("select id from messaging.outbox where message_id = ?", Long.class, next))
                .as("ids carry on after the kept rows").isGreaterThan(lastIdBefore);
        assertThat(jdbc.queryForList("select indexname from pg_indexes where schemaname = 'messaging' and tablename = 'outbox'", String.class))
                .as("a message pays for one index entry").containsExactly("outbox_pkey");
    }

    private static void migrate(DataSource database, String target) {
        Flyway.configure(MessagingSchema.class.getClassLoader()).dataSource(database).schemas("messaging").createSchemas(true)
                .locations("classpath:db/messaging").target(target).load().migrate();
    }

    /** A message as version 1 stored it: sent ones stamped. */
    private static UUID insertBeforeUpgrade(JdbcTemplate jdbc, boolean sent) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into messaging.outbox (message_id, topic, message_key, message_type, payload, correlation_id, sent_at)
                values (?, 'kit.upgrade', 'k', 'TestEvent', '{}', ?, ?)""", id, id, sent ? Timestamp.from(Instant.now()) : null);
        return id;
    }

    private static UUID insertAfterUpgrade(JdbcTemplate jdbc) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into messaging.outbox (message_id, topic, message_key, message_type, payload, correlation_id)
                values (?, 'kit.upgrade', 'k', 'TestEvent', '{}', ?)""", id, id);
        return id;
    }
}
