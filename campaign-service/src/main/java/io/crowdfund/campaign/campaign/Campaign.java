package io.crowdfund.campaign.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.ClaimRejection;
import io.crowdfund.contracts.campaign.UnclaimRefused;
import io.crowdfund.messaging.Ids;

/**
 * A campaign with its reward tiers and milestones: the aggregate that decides whether a pledge
 * counts, keeps the totals, unlocks and re-locks milestones, and closes all-or-nothing.
 */
public final class Campaign {

    private final UUID id;
    private final UUID ownerId;
    private final String ownerName;
    private String title;
    private String description;
    private String category;
    private final BigDecimal goal;
    private BigDecimal currentFunds;
    private int backerCount;
    private final Instant startDate;
    private final Instant deadline;
    private CampaignStatus status;
    private final boolean allowCancellation;
    private final List<RewardTier> tiers;
    private final List<Milestone> milestones;
    private final Instant createdAt;
    private Instant closedAt;
    private boolean changed;

    Campaign(UUID id, UUID ownerId, String ownerName, String title, String description, String category, BigDecimal goal,
            BigDecimal currentFunds, int backerCount, Instant startDate, Instant deadline, CampaignStatus status, boolean allowCancellation,
            List<RewardTier> tiers, List<Milestone> milestones, Instant createdAt, Instant closedAt) {
        if (goal.signum() <= 0 || !deadline.isAfter(startDate)) {
            throw new IllegalArgumentException("A campaign needs a positive goal and a deadline after its start");
        }
        this.id = id;
        this.ownerId = ownerId;
        this.ownerName = ownerName;
        this.title = title;
        this.description = description;
        this.category = category;
        this.goal = goal;
        this.currentFunds = currentFunds;
        this.backerCount = backerCount;
        this.startDate = startDate;
        this.deadline = deadline;
        this.status = status;
        this.allowCancellation = allowCancellation;
        this.tiers = new ArrayList<>(tiers);
        this.milestones = new ArrayList<>(milestones);
        this.createdAt = createdAt;
        this.closedAt = closedAt;
    }

    /** What an owner asks for; checked by the web layer, enforced again here. */
    public record Draft(String title, String description, String category, BigDecimal goal, Instant startDate, Instant deadline,
            boolean allowCancellation, List<TierDraft> rewardTiers, List<MilestoneDraft> milestones) {
    }

    public record TierDraft(String title, String description, BigDecimal minimumAmount, Integer quantityAvailable) {
    }

    public record MilestoneDraft(String title, String description, BigDecimal target) {
    }

    /** A new active campaign; {@code ownerName} is the owner's username, if known. */
    public static Campaign open(UUID ownerId, String ownerName, Draft draft, Instant now) {
        return new Campaign(Ids.next(), ownerId, ownerName, draft.title(), draft.description(), draft.category(), draft.goal(),
                BigDecimal.ZERO.setScale(2), 0, draft.startDate(), draft.deadline(), CampaignStatus.ACTIVE, draft.allowCancellation(),
                draft.rewardTiers().stream().map(t -> RewardTier.create(t.title(), t.description(), t.minimumAmount(), t.quantityAvailable())).toList(),
                draft.milestones().stream().map(m -> Milestone.create(m.title(), m.description(), m.target())).toList(), now, null);
    }

    /** The outcome of a claim: accepted (with the milestones it achieved) or rejected with a reason. */
    public record ClaimDecision(ClaimRejection rejection, List<Milestone> achieved) {

        public boolean accepted() {
            return rejection == null;
        }
    }

    /** Counts a pledge if the campaign takes pledges now, the tier exists, has units left and the amount meets its minimum. */
    public ClaimDecision claim(BigDecimal amount, UUID rewardTierId, boolean newBacker, Instant now) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("A claimed amount is positive: " + amount);
        }
        if (!takesPledgesAt(now)) {
            return rejected(ClaimRejection.CAMPAIGN_NOT_ACTIVE);
        }
        RewardTier tier = null;
        if (rewardTierId != null) {
            Optional<RewardTier> found = tier(rewardTierId);
            if (found.isEmpty()) {
                return rejected(ClaimRejection.REWARD_NOT_FOUND);
            }
            tier = found.get();
            if (tier.soldOut()) {
                return rejected(ClaimRejection.REWARD_SOLD_OUT);
            }
            if (amount.compareTo(tier.minimumAmount()) < 0) {
                return rejected(ClaimRejection.BELOW_REWARD_MINIMUM);
            }
            tier.claimOne();
        }
        currentFunds = currentFunds.add(amount);
        if (newBacker) {
            backerCount++;
        }
        changed = true;
        return new ClaimDecision(null, followFunds(now));
    }

    /**
     * Takes a pledge out of the totals; the reason if the campaign refuses a cancellation. A
     * revocation (the saga undoing a claim it gave up on) is never refused. Milestones below target lock again.
     */
    public Optional<UnclaimRefused.Reason> unclaim(BigDecimal amount, UUID rewardTierId, boolean lastPledgeOfBacker, boolean revoke,
            Instant now) {
        if (!revoke && status != CampaignStatus.ACTIVE) {
            return Optional.of(UnclaimRefused.Reason.CAMPAIGN_NOT_ACTIVE);
        }
        if (!revoke && !allowCancellation) {
            return Optional.of(UnclaimRefused.Reason.CANCELLATION_NOT_ALLOWED);
        }
        if (rewardTierId != null) {
            tier(rewardTierId).ifPresent(RewardTier::releaseOne);
        }
        currentFunds = currentFunds.subtract(amount);
        if (lastPledgeOfBacker) {
            backerCount--;
        }
        changed = true;
        followFunds(now);
        return Optional.empty();
    }

    /** Closes an active campaign; empty if it was closed already. */
    public Optional<CampaignOutcome> close(Instant now) {
        if (status != CampaignStatus.ACTIVE) {
            return Optional.empty();
        }
        CampaignOutcome outcome = currentFunds.compareTo(goal) >= 0 ? CampaignOutcome.SUCCESSFUL : CampaignOutcome.FAILED;
        status = outcome == CampaignOutcome.SUCCESSFUL ? CampaignStatus.SUCCESSFUL : CampaignStatus.FAILED;
        // as PostgreSQL keeps it, so that a close asked again is answered with the very same CampaignClosed
        closedAt = now.truncatedTo(ChronoUnit.MICROS);
        changed = true;
        return Optional.of(outcome);
    }

    /** The owner's edit of the texts and category; only while active. */
    public void edit(String newTitle, String newDescription, String newCategory) {
        requireActive();
        if (newTitle != null) {
            title = newTitle;
        }
        if (newDescription != null) {
            description = newDescription;
        }
        if (newCategory != null) {
            category = newCategory;
        }
        changed = true;
    }

    public RewardTier addTier(TierDraft draft) {
        requireActive();
        RewardTier tier = RewardTier.create(draft.title(), draft.description(), draft.minimumAmount(), draft.quantityAvailable());
        tiers.add(tier);
        return tier;
    }

    /** Adds a milestone; one already reached is achieved at once (returned so it can be announced). */
    public Optional<Milestone> addMilestone(MilestoneDraft draft, Instant now) {
        requireActive();
        Milestone milestone = Milestone.create(draft.title(), draft.description(), draft.target());
        milestones.add(milestone);
        return milestone.follow(currentFunds, now) ? Optional.of(milestone) : Optional.empty();
    }

    public boolean takesPledgesAt(Instant now) {
        return status == CampaignStatus.ACTIVE && !now.isBefore(startDate) && now.isBefore(deadline);
    }

    private void requireActive() {
        if (status != CampaignStatus.ACTIVE) {
            throw new CampaignNotActive(id);
        }
    }

    private List<Milestone> followFunds(Instant now) {
        return milestones.stream().filter(milestone -> milestone.follow(currentFunds, now)).toList();
    }

    private Optional<RewardTier> tier(UUID tierId) {
        return tiers.stream().filter(tier -> tier.id().equals(tierId)).findFirst();
    }

    private static ClaimDecision rejected(ClaimRejection reason) {
        return new ClaimDecision(reason, List.of());
    }

    public UUID id() { return id; }
    public UUID ownerId() { return ownerId; }
    public String ownerName() { return ownerName; }
    public String title() { return title; }
    public String description() { return description; }
    public String category() { return category; }
    public BigDecimal goal() { return goal; }
    public BigDecimal currentFunds() { return currentFunds; }
    public int backerCount() { return backerCount; }
    public Instant startDate() { return startDate; }
    public Instant deadline() { return deadline; }
    public CampaignStatus status() { return status; }
    public boolean allowCancellation() { return allowCancellation; }
    public List<RewardTier> rewardTiers() { return List.copyOf(tiers); }
    public List<Milestone> milestones() { return List.copyOf(milestones); }
    public Instant createdAt() { return createdAt; }
    public Instant closedAt() { return closedAt; }
    public boolean changed() { return changed; }
}
