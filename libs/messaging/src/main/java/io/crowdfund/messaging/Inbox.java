package io.crowdfund.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/** Processed message ids per consumer. Runs in the caller's transaction, beside the effect. */
class Inbox {

    private final JdbcTemplate jdbc;

    Inbox(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the ids as processed by the consumer; returns those that were not recorded before. */
    Set<UUID> claim(String consumer, Collection<UUID> messageIds) {
        Set<UUID> fresh = new HashSet<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    insert into messaging.inbox (consumer, message_id)
                    select ?, id from unnest(?::uuid[]) as id
                    on conflict do nothing
                    returning message_id""");
            statement.setString(1, consumer);
            statement.setArray(2, connection.createArrayOf("uuid", messageIds.toArray()));
            return statement;
        }, rs -> {
            fresh.add(rs.getObject(1, UUID.class));
        });
        return fresh;
    }
}
