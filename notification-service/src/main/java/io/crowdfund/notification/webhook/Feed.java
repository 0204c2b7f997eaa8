package io.crowdfund.notification.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.crowdfund.web.Caller;
import io.swagger.v3.oas.annotations.media.Schema;

/** What each owner was told, newest first (written by {@link WebhookEvents} with the event). */
@Service
public class Feed {

    private final JdbcClient sql;

    Feed(JdbcClient sql) {
        this.sql = sql;
    }

    @Schema(name = "Notification")
    public record Notification(UUID id, String eventType, String summary, Instant createdAt) {
    }

    public Page<Notification> of(Caller owner, Pageable page) {
        long total = sql.sql("select count(*) from notifications where owner_id = ?").param(owner.id()).query(Long.class).single();
        List<Notification> content = sql.sql("""
                select id, event_type, summary, created_at from notifications where owner_id = ?
                order by created_at desc, id limit ? offset ?""").params(owner.id(), page.getPageSize(), page.getOffset())
                .query((rs, n) -> new Notification(rs.getObject("id", UUID.class), rs.getString("event_type"), rs.getString("summary"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        return new PageImpl<>(content, page, total);
    }
}
