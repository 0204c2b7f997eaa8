package io.crowdfund.notification.contact;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Owners' contacts and campaign ownership, as the other services announced them. */
@Repository
public class Contacts {

    private final JdbcClient sql;

    Contacts(JdbcClient sql) {
        this.sql = sql;
    }

    public void userRegistered(UUID userId, String username, String email) {
        sql.sql("""
                insert into contacts (user_id, username, email) values (?, ?, ?)
                on conflict (user_id) do update set username = excluded.username, email = excluded.email""")
                .params(userId, username, email).update();
    }

    public void campaignOwned(UUID campaignId, UUID ownerId, String title) {
        sql.sql("""
                insert into campaign_owners (campaign_id, owner_id, title) values (?, ?, ?)
                on conflict (campaign_id) do update set title = excluded.title""").params(campaignId, ownerId, title).update();
    }
}
