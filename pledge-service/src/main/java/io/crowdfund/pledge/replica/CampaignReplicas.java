package io.crowdfund.pledge.replica;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignUpdated;
import io.crowdfund.contracts.campaign.RewardTierTerms;

/**
 * pledge-service's replica of campaigns (owner, status, dates, tiers' minimums), fed by
 * campaign-service's events: enough to refuse hopeless pledges at once and to know who owns what.
 * It may lag; campaign-service's answer in the saga is the one that counts.
 * <p>
 * Reads are remembered for {@link #REMEMBERED} (a pledge rush asks for one campaign thousands of
 * times a second); this replica forgets a campaign as soon as an event about it commits, others
 * within that time.
 */
@Repository
public class CampaignReplicas {

    static final Duration REMEMBERED = Duration.ofSeconds(1);

    private final JdbcClient sql;
    private final Cache<UUID, Optional<CampaignReplica>> recent = Caffeine.newBuilder()
            .expireAfterWrite(REMEMBERED).maximumSize(10_000).build();

    CampaignReplicas(JdbcClient sql) {
        this.sql = sql;
    }

    public record CampaignReplica(UUID id, UUID ownerId, String status, boolean allowCancellation, Instant startDate, Instant deadline,
            List<Tier> tiers) {

        public boolean takesPledgesAt(Instant now) {
            return "ACTIVE".equals(status) && now.isBefore(deadline);
        }

        public Optional<Tier> tier(UUID tierId) {
            return tiers.stream().filter(tier -> tier.id().equals(tierId)).findFirst();
        }
    }

    public record Tier(UUID id, BigDecimal minimumAmount, Integer quantityAvailable) {
    }

    /** The campaign as last heard of; its tiers are read after it, so a campaign is never seen without the tiers it was created with. */
    public Optional<CampaignReplica> find(UUID campaignId) {
        return recent.get(campaignId, this::read);
    }

    private Optional<CampaignReplica> read(UUID campaignId) {
        return sql.sql("select id, owner_id, status, allow_cancellation, start_date, deadline from campaign_replicas where id = ?")
                .param(campaignId)
                .query((rs, n) -> new CampaignReplica(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class), rs.getString("status"),
                        rs.getBoolean("allow_cancellation"), rs.getTimestamp("start_date").toInstant(), rs.getTimestamp("deadline").toInstant(),
                        List.of()))
                .optional()
                .map(campaign -> new CampaignReplica(campaign.id(), campaign.ownerId(), campaign.status(), campaign.allowCancellation(),
                        campaign.startDate(), campaign.deadline(), tiers(campaignId)));
    }

    private List<Tier> tiers(UUID campaignId) {
        return sql.sql("select id, minimum_amount, quantity_available from tier_replicas where campaign_id = ?").param(campaignId)
                .query((rs, n) -> new Tier(rs.getObject("id", UUID.class), rs.getBigDecimal("minimum_amount"),
                        (Integer) rs.getObject("quantity_available")))
                .list();
    }

    void created(CampaignCreated event) {
        forgetAfterCommit(event.campaignId());
        sql.sql("""
                insert into campaign_replicas (id, owner_id, status, allow_cancellation, start_date, deadline)
                values (?, ?, 'ACTIVE', ?, ?, ?) on conflict (id) do nothing""")
                .params(event.campaignId(), event.ownerId(), event.allowCancellation(), Timestamp.from(event.startDate()),
                        Timestamp.from(event.deadline()))
                .update();
        tiers(event.campaignId(), event.rewardTiers());
    }

    void updated(CampaignUpdated event) {
        forgetAfterCommit(event.campaignId());
        tiers(event.campaignId(), event.rewardTiers());
    }

    void closed(CampaignClosed event) {
        forgetAfterCommit(event.campaignId());
        sql.sql("update campaign_replicas set status = ? where id = ?").params(event.outcome().name(), event.campaignId()).update();
    }

    private void forgetAfterCommit(UUID campaignId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            recent.invalidate(campaignId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                recent.invalidate(campaignId);
            }
        });
    }

    private void tiers(UUID campaignId, List<RewardTierTerms> tiers) {
        for (RewardTierTerms tier : tiers) {
            sql.sql("""
                    insert into tier_replicas (id, campaign_id, minimum_amount, quantity_available) values (?, ?, ?, ?)
                    on conflict (id) do update set minimum_amount = excluded.minimum_amount, quantity_available = excluded.quantity_available""")
                    .params(tier.rewardTierId(), campaignId, tier.minimumAmount(), tier.quantityAvailable()).update();
        }
    }
}
