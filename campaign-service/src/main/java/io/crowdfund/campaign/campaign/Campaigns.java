package io.crowdfund.campaign.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.crowdfund.campaign.CampaignProperties;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignUpdated;
import io.crowdfund.contracts.campaign.RewardTierTerms;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.web.Caller;
import io.crowdfund.web.InvalidField;
import io.crowdfund.web.MoneyProperties;

/** Creating, reading and editing campaigns; every change is told to the other services through the outbox. */
@Service
public class Campaigns {

    private static final Duration START_SKEW = Duration.ofMinutes(1);

    private final CampaignStore store;
    private final JdbcClient sql;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration minimumDuration;
    private final String currency;

    Campaigns(CampaignStore store, JdbcClient sql, Outbox outbox, Clock clock, CampaignProperties properties, MoneyProperties money) {
        this.store = store;
        this.sql = sql;
        this.outbox = outbox;
        this.clock = clock;
        this.minimumDuration = properties.minimumDuration();
        this.currency = money.currency();
    }

    public record Category(String code, String name) {
    }

    public List<Category> categories() {
        return sql.sql("select code, name from categories order by code").query(Category.class).list();
    }

    @Transactional
    public Campaign create(Caller owner, Campaign.Draft draft) {
        Instant now = clock.instant();
        Campaign.Draft dated = new Campaign.Draft(draft.title(), draft.description(), draft.category(), draft.goal(),
                draft.startDate() == null ? now : draft.startDate(), draft.deadline(), draft.allowCancellation(), draft.rewardTiers(),
                draft.milestones());
        requireKnownCategory(dated.category());
        if (dated.startDate().isBefore(now.minus(START_SKEW))) {
            throw new InvalidField("startDate", "must not be in the past");
        }
        if (!dated.deadline().isAfter(now)) {
            throw new InvalidField("deadline", "must be in the future");
        }
        if (dated.deadline().isBefore(dated.startDate().plus(minimumDuration)) || !dated.deadline().isAfter(dated.startDate())) {
            throw new InvalidField("deadline", "must be after startDate" + (minimumDuration.isZero() ? "" : " by at least " + minimumDuration));
        }
        Campaign campaign = Campaign.open(owner.id(), owner.username(), dated, now);
        store.insert(campaign);
        outbox.send(CampaignChannels.EVENTS, campaign.id().toString(), new CampaignCreated(campaign.id(), campaign.ownerId(),
                campaign.title(), campaign.category(), campaign.goal(), currency, campaign.startDate(), campaign.deadline(),
                campaign.allowCancellation(), terms(campaign)));
        return campaign;
    }

    public Campaign get(UUID id) {
        return store.find(id).orElseThrow(() -> new CampaignNotFound(id));
    }

    public Page<Campaign> list(CampaignStore.Filter filter, CampaignStore.Order order, Pageable page) {
        if (filter.category() != null) {
            requireKnownCategory(filter.category());
        }
        return store.page(filter, order, page);
    }

    @Transactional
    public Campaign edit(Caller caller, UUID id, String title, String description, String category) {
        Campaign campaign = owned(caller, id);
        if (category != null) {
            requireKnownCategory(category);
        }
        campaign.edit(title, description, category);
        return saveUpdated(campaign);
    }

    @Transactional
    public RewardTier addTier(Caller caller, UUID id, Campaign.TierDraft draft) {
        Campaign campaign = owned(caller, id);
        RewardTier tier = campaign.addTier(draft);
        saveUpdated(campaign);
        return tier;
    }

    @Transactional
    public Milestone addMilestone(Caller caller, UUID id, Campaign.MilestoneDraft draft) {
        Campaign campaign = owned(caller, id);
        Instant now = clock.instant();
        campaign.addMilestone(draft, now).ifPresent(achieved -> outbox.send(CampaignChannels.EVENTS, id.toString(),
                MilestoneEvents.achieved(campaign, achieved)));
        saveUpdated(campaign);
        return campaign.milestones().getLast();
    }

    private Campaign owned(Caller caller, UUID id) {
        Campaign campaign = store.lock(Set.of(id)).get(id);
        if (campaign == null) {
            throw new CampaignNotFound(id);
        }
        if (!caller.is(campaign.ownerId()) && !caller.operator()) {
            throw new NotCampaignOwner();
        }
        return campaign;
    }

    private Campaign saveUpdated(Campaign campaign) {
        store.save(campaign);
        outbox.send(CampaignChannels.EVENTS, campaign.id().toString(), new CampaignUpdated(campaign.id(), campaign.ownerId(),
                campaign.title(), campaign.category(), campaign.deadline(), terms(campaign)));
        return campaign;
    }

    private void requireKnownCategory(String code) {
        boolean known = sql.sql("select exists(select 1 from categories where code = ?)").param(code).query(Boolean.class).single();
        if (!known) {
            throw new InvalidField("category", "is not a known category (see GET /categories)");
        }
    }

    static List<RewardTierTerms> terms(Campaign campaign) {
        return campaign.rewardTiers().stream()
                .map(t -> new RewardTierTerms(t.id(), t.title(), t.minimumAmount(), t.quantityAvailable())).toList();
    }
}
