package io.crowdfund.notification.mail;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import io.crowdfund.web.Caller;
import io.crowdfund.web.InvalidField;

/** Each owner's choice of how to hear about single pledges. */
@Service
public class Preferences {

    private final JdbcClient sql;

    Preferences(JdbcClient sql) {
        this.sql = sql;
    }

    public PledgeEmails pledgeEmails(UUID ownerId) {
        return pledgeEmails(Set.of(ownerId)).getOrDefault(ownerId, PledgeEmails.EACH);
    }

    /** The owners' choices; an owner who never chose is not in the map (and hears of each pledge). */
    Map<UUID, PledgeEmails> pledgeEmails(Set<UUID> ownerIds) {
        Map<UUID, PledgeEmails> choices = new HashMap<>();
        sql.sql("select owner_id, pledge_emails from mail_preferences where owner_id in (:owners)").param("owners", ownerIds)
                .query(rs -> {
                    choices.put(rs.getObject("owner_id", UUID.class), PledgeEmails.valueOf(rs.getString("pledge_emails")));
                });
        return choices;
    }

    public PledgeEmails choosePledgeEmails(Caller owner, String choice) {
        PledgeEmails chosen = Arrays.stream(PledgeEmails.values()).filter(value -> value.name().equals(choice)).findFirst()
                .orElseThrow(() -> new InvalidField("pledgeEmails", "must be one of " + Arrays.toString(PledgeEmails.values())));
        sql.sql("""
                insert into mail_preferences (owner_id, pledge_emails) values (?, ?)
                on conflict (owner_id) do update set pledge_emails = excluded.pledge_emails, updated_at = now()""")
                .params(owner.id(), chosen.name()).update();
        return chosen;
    }
}
