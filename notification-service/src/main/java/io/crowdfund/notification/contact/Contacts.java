package io.crowdfund.notification.contact;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.contracts.campaign.RewardTierTerms;

/** Owners' contacts, campaign ownership and reward tiers' titles, as the other services announced them. */
@Repository
public class Contacts {

    private final JdbcClient sql;

    Contacts(JdbcClient sql) {
        this.sql = sql;
    }

    /** Where an owner's email goes. */
    public record Contact(String username, String email) {
    }

    public void userRegistered(UUID userId, String username, String email) {
        sql.sql("""
                insert into contacts (user_id, username, email) values (?, ?, ?)
                on conflict (user_id) do update set username = excluded.username, email = excluded.email""")
                .params(userId, username, email).update();
    }

    public void campaignOwned(UUID campaignId, UUID ownerId, String title, List<RewardTierTerms> tiers) {
        sql.sql("""
                insert into campaign_owners (campaign_id, owner_id, title) values (?, ?, ?)
                on conflict (campaign_id) do update set title = excluded.title""").params(campaignId, ownerId, title).update();
        for (RewardTierTerms tier : tiers == null ? List.<RewardTierTerms>of() : tiers) {
            sql.sql("""
                    insert into reward_tiers (reward_tier_id, campaign_id, title) values (?, ?, ?)
                    on conflict (reward_tier_id) do update set title = excluded.title""")
                    .params(tier.rewardTierId(), campaignId, tier.title()).update();
        }
    }

    public Optional<Contact> contact(UUID userId) {
        return sql.sql("select username, email from contacts where user_id = ?").param(userId)
                .query((rs, n) -> new Contact(rs.getString("username"), rs.getString("email"))).optional();
    }

    public Optional<String> campaignTitle(UUID campaignId) {
        return sql.sql("select title from campaign_owners where campaign_id = ?").param(campaignId).query(String.class).optional();
    }

    public Optional<String> rewardTierTitle(UUID rewardTierId) {
        return sql.sql("select title from reward_tiers where reward_tier_id = ?").param(rewardTierId).query(String.class).optional();
    }
}
