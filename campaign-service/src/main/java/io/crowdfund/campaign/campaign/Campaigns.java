package io.crowdfund.campaign.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
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
    private final Outbox outbox;
    private final Clock clock;
    private final Duration minimumDuration;
    private final CampaignProperties.Limits limits;
    private final String currency;

    Campaigns(CampaignStore store, Outbox outbox, Clock clock, CampaignProperties properties, MoneyProperties money) {
        this.store = store;
        this.outbox = outbox;
        this.clock = clock;
        this.minimumDuration = properties.minimumDuration();
        this.limits = properties.limits();
        this.currency = money.currency();
    }

    public record Category(String code, String name) {
    }

    public List<Category> categories() {
        return store.categories();
    }

    @Transactional
    public Campaign create(Caller owner, Campaign.Draft draft) {
        Instant now = clock.instant();
        Campaign.Draft dated = new Campaign.Draft(draft.title(), draft.description(), draft.category(), draft.goal(),
                draft.startDate() == null ? now : draft.startDate(), draft.deadline(), draft.allowCancellation(), draft.rewardTiers(),
                draft.milestones());
        requireSaneDates(dated, now);
        requireAtMost("rewardTiers", dated.rewardTiers().size(), limits.rewardTiers(), "reward tiers");
        requireAtMost("milestones", dated.milestones().size(), limits.milestones(), "milestones");
        requireKnownCategory(dated.category());
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
        requireSaneDate("startedAfter", filter.startedAfter());
        requireSaneDate("startedBefore", filter.startedBefore());
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
        // the campaign's row is locked (owned): a concurrent add waits here and then counts this one's tier
        requireAtMost("rewardTiers", campaign.rewardTiers().size() + 1, limits.rewardTiers(), "reward tiers");
        RewardTier tier = campaign.addTier(draft);
        saveUpdated(campaign);
        return tier;
    }

    @Transactional
    public Milestone addMilestone(Caller caller, UUID id, Campaign.MilestoneDraft draft) {
        Campaign campaign = owned(caller, id);
        requireAtMost("milestones", campaign.milestones().size() + 1, limits.milestones(), "milestones");
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

    /**
     * Start and deadline within the service's dates (checked first: a far date never reaches a
     * computation or PostgreSQL), the start not in the past nor too far ahead, the deadline in the
     * future and after the start by at least the minimum and at most the maximum duration.
     */
    private void requireSaneDates(Campaign.Draft dated, Instant now) {
        requireSaneDate("startDate", dated.startDate());
        requireSaneDate("deadline", dated.deadline());
        if (dated.startDate().isBefore(now.minus(START_SKEW))) {
            throw new InvalidField("startDate", "must not be in the past");
        }
        if (dated.startDate().isAfter(now.plus(limits.startWithin()))) {
            throw new InvalidField("startDate", "must be within " + limits.startWithin().toDays() + " days from now");
        }
        if (!dated.deadline().isAfter(now)) {
            throw new InvalidField("deadline", "must be in the future");
        }
        if (dated.deadline().isBefore(dated.startDate().plus(minimumDuration)) || !dated.deadline().isAfter(dated.startDate())) {
            throw new InvalidField("deadline", "must be after startDate" + (minimumDuration.isZero() ? "" : " by at least " + minimumDuration));
        }
        if (dated.deadline().isAfter(dated.startDate().plus(limits.maximumDuration()))) {
            throw new InvalidField("deadline", "must be at most " + limits.maximumDuration().toDays() + " days after startDate");
        }
    }

    private void requireSaneDate(String field, Instant date) {
        if (date != null && !limits.saneDate(date)) {
            throw new InvalidField(field, "must be between " + limits.earliestDate() + " and " + limits.latestDate());
        }
    }

    private static void requireAtMost(String field, int count, int limit, String what) {
        if (count > limit) {
            throw new InvalidField(field, "a campaign has at most " + limit + " " + what);
        }
    }

    private void requireKnownCategory(String code) {
        if (!store.categoryExists(code)) {
            throw new InvalidField("category", "is not a known category (see GET /categories)");
        }
    }

    static List<RewardTierTerms> terms(Campaign campaign) {
        return campaign.rewardTiers().stream()
                .map(t -> new RewardTierTerms(t.id(), t.title(), t.minimumAmount(), t.quantityAvailable())).toList();
    }
}
