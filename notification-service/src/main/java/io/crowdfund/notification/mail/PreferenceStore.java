package io.crowdfund.notification.mail;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The owners' mail preferences in PostgreSQL. */
@Repository
class PreferenceStore {

    private final JdbcClient sql;

    PreferenceStore(JdbcClient sql) {
        this.sql = sql;
    }

    /** The owners' choices; an owner who never chose is not in the map. */
    Map<UUID, PledgeEmails> pledgeEmails(Set<UUID> ownerIds) {
        Map<UUID, PledgeEmails> choices = new HashMap<>();
        sql.sql("select owner_id, pledge_emails from mail_preferences where owner_id in (:owners)").param("owners", ownerIds)
                .query(rs -> {
                    choices.put(rs.getObject("owner_id", UUID.class), PledgeEmails.valueOf(rs.getString("pledge_emails")));
                });
        return choices;
    }

    void savePledgeEmails(UUID ownerId, PledgeEmails choice) {
        sql.sql("""
                insert into mail_preferences (owner_id, pledge_emails) values (?, ?)
                on conflict (owner_id) do update set pledge_emails = excluded.pledge_emails, updated_at = now()""")
                .params(ownerId, choice.name()).update();
    }
}
