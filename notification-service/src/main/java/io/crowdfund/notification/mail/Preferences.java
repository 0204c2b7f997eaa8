package io.crowdfund.notification.mail;

import java.util.Arrays;
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
        return sql.sql("select pledge_emails from mail_preferences where owner_id = ?").param(ownerId).query(String.class).optional()
                .map(PledgeEmails::valueOf).orElse(PledgeEmails.EACH);
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
