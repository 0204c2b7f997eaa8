package io.crowdfund.notification.webhook;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notifications each owner was sent, read from PostgreSQL. */
@Repository
class FeedStore {

    private final JdbcClient sql;

    FeedStore(JdbcClient sql) {
        this.sql = sql;
    }

    long count(UUID ownerId) {
        return sql.sql("select count(*) from notifications where owner_id = ?").param(ownerId).query(Long.class).single();
    }

    List<Feed.Notification> newestFirst(UUID ownerId, int limit, long offset) {
        return sql.sql("""
                select id, event_type, summary, created_at from notifications where owner_id = ?
                order by created_at desc, id limit ? offset ?""").params(ownerId, limit, offset)
                .query((rs, n) -> new Feed.Notification(rs.getObject("id", UUID.class), rs.getString("event_type"), rs.getString("summary"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
