package io.crowdfund.notification.mail;

import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

import io.crowdfund.messaging.Ids;

/**
 * The queue of owners' emails. An email is written in the caller's transaction (the consumer's, with
 * the event marked processed) and sent later by {@link MailWorker}; its dedupe key makes a second
 * write of the same email a no-op.
 */
@Repository
class Emails {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient sql;

    Emails(JdbcClient sql) {
        this.sql = sql;
    }

    void queue(UUID ownerId, MailKind kind, String dedupeKey, Map<String, Object> model) {
        sql.sql("""
                insert into emails (id, owner_id, kind, dedupe_key, model, status, next_attempt_at)
                values (?, ?, ?, ?, ?, 'PENDING', now()) on conflict (dedupe_key) do nothing""")
                .params(Ids.next(), ownerId, kind.name(), dedupeKey, JSON.writeValueAsString(model)).update();
    }
}
