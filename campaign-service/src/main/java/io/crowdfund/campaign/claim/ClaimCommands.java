package io.crowdfund.campaign.claim;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.crowdfund.campaign.campaign.Campaign;
import io.crowdfund.campaign.campaign.CampaignStatus;
import io.crowdfund.campaign.campaign.CampaignStore;
import io.crowdfund.campaign.campaign.MilestoneEvents;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.CampaignTotalsChanged;
import io.crowdfund.contracts.campaign.ClaimPledge;
import io.crowdfund.contracts.campaign.ClaimRejected;
import io.crowdfund.contracts.campaign.ClaimRejection;
import io.crowdfund.contracts.campaign.ClaimReply;
import io.crowdfund.contracts.campaign.CloseCampaign;
import io.crowdfund.contracts.campaign.MilestoneAchieved;
import io.crowdfund.contracts.campaign.PledgeClaimed;
import io.crowdfund.contracts.campaign.PledgeUnclaimed;
import io.crowdfund.contracts.campaign.UnclaimPledge;
import io.crowdfund.contracts.campaign.UnclaimRefused;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.messaging.InboundMessage;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.OutgoingMessage;

/**
 * Applies a polled batch of claims, unclaims and closings in the consumer's transaction: each
 * campaign of the batch is locked and loaded once, decides every command in order in memory, and is
 * written once; one reply per pledge and one totals event per changed campaign go through the
 * outbox. A re-asked claim gets the answer it got the first time.
 */
@Service
public class ClaimCommands {

    private static final Logger log = LoggerFactory.getLogger(ClaimCommands.class);

    private final CampaignStore campaigns;
    private final ClaimStore claims;
    private final Outbox outbox;
    private final Clock clock;

    ClaimCommands(CampaignStore campaigns, ClaimStore claims, Outbox outbox, Clock clock) {
        this.campaigns = campaigns;
        this.claims = claims;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Runs inside the consumer's transaction. */
    public void apply(List<InboundMessage<?>> messages) {
        Set<UUID> campaignIds = new LinkedHashSet<>();
        Set<UUID> pledgeIds = new LinkedHashSet<>();
        Set<UUID> backerIds = new LinkedHashSet<>();
        for (InboundMessage<?> message : messages) {
            switch (message.payload()) {
                case ClaimPledge c -> { campaignIds.add(c.campaignId()); pledgeIds.add(c.pledgeId()); backerIds.add(c.backerId()); }
                case UnclaimPledge u -> { campaignIds.add(u.campaignId()); pledgeIds.add(u.pledgeId()); }
                case CloseCampaign c -> campaignIds.add(c.campaignId());
                default -> { }
            }
        }
        Batch batch = new Batch(campaigns.lock(campaignIds), claims.find(pledgeIds));
        batch.claims.values().forEach(claim -> backerIds.add(claim.backerId()));
        batch.counted(claims.liveClaims(campaignIds, backerIds));
        Instant now = clock.instant();
        for (InboundMessage<?> message : messages) {
            switch (message.payload()) {
                case ClaimPledge c -> batch.reply(message, claim(batch, c, now));
                case UnclaimPledge u -> batch.reply(message, unclaim(batch, u, now));
                case CloseCampaign c -> close(batch, c, message, now);
                default -> throw new IllegalArgumentException("campaign-service is not asked " + message.type());
            }
        }
        batch.campaigns.values().forEach(campaigns::save);
        claims.save(batch.claims.values());
        claims.saveLiveClaims(batch.liveChanged());
        batch.campaigns.values().stream().filter(Campaign::changed).forEach(campaign -> batch.event(totals(campaign)));
        if (!batch.out.isEmpty()) {
            outbox.send(batch.out);
        }
    }

    private ClaimReply claim(Batch batch, ClaimPledge command, Instant now) {
        Claim existing = batch.claims.get(command.pledgeId());
        if (existing != null) {
            return answerAgain(batch, existing);
        }
        Campaign campaign = batch.campaigns.get(command.campaignId());
        if (campaign == null) {
            batch.remember(rejected(command, ClaimRejection.CAMPAIGN_NOT_FOUND));
            return new ClaimRejected(command.pledgeId(), command.campaignId(), ClaimRejection.CAMPAIGN_NOT_FOUND);
        }
        var backer = new ClaimStore.BackerKey(command.campaignId(), command.backerId());
        var decision = campaign.claim(command.amount(), command.rewardTierId(), batch.live.getOrDefault(backer, 0) == 0, now);
        if (!decision.accepted()) {
            batch.remember(rejected(command, decision.rejection()));
            return new ClaimRejected(command.pledgeId(), command.campaignId(), decision.rejection());
        }
        batch.countClaim(backer, 1);
        batch.remember(new Claim(command.pledgeId(), command.campaignId(), command.backerId(), command.rewardTierId(), command.amount(),
                Claim.Status.CLAIMED, null, true));
        decision.achieved().forEach(milestone -> batch.event(MilestoneEvents.achieved(campaign, milestone)));
        return new PledgeClaimed(command.pledgeId(), campaign.id(), campaign.ownerId(), campaign.currentFunds(), campaign.backerCount());
    }

    private static ClaimReply answerAgain(Batch batch, Claim claim) {
        Campaign campaign = batch.campaigns.get(claim.campaignId());
        return switch (claim.status()) {
            case CLAIMED -> new PledgeClaimed(claim.pledgeId(), claim.campaignId(), campaign.ownerId(), campaign.currentFunds(),
                    campaign.backerCount());
            case REJECTED -> new ClaimRejected(claim.pledgeId(), claim.campaignId(), claim.reason());
            case UNCLAIMED -> new ClaimRejected(claim.pledgeId(), claim.campaignId(), ClaimRejection.CAMPAIGN_NOT_ACTIVE);
        };
    }

    private static ClaimReply unclaim(Batch batch, UnclaimPledge command, Instant now) {
        Claim claim = batch.claims.get(command.pledgeId());
        if (claim == null && command.revoke()) {
            // the claim has not arrived: remember the pledge as taken out, so it never counts
            batch.remember(new Claim(command.pledgeId(), command.campaignId(), null, null, BigDecimal.ZERO, Claim.Status.UNCLAIMED, null, true));
            return new UnclaimRefused(command.pledgeId(), command.campaignId(), UnclaimRefused.Reason.NOT_CLAIMED);
        }
        if (claim == null || claim.status() != Claim.Status.CLAIMED) {
            return new UnclaimRefused(command.pledgeId(), command.campaignId(), UnclaimRefused.Reason.NOT_CLAIMED);
        }
        Campaign campaign = batch.campaigns.get(claim.campaignId());
        var backer = new ClaimStore.BackerKey(claim.campaignId(), claim.backerId());
        var refused = campaign.unclaim(claim.amount(), claim.rewardTierId(), batch.live.getOrDefault(backer, 0) <= 1, command.revoke(), now);
        if (refused.isPresent()) {
            return new UnclaimRefused(claim.pledgeId(), campaign.id(), refused.get());
        }
        batch.countClaim(backer, -1);
        claim.unclaim();
        return new PledgeUnclaimed(claim.pledgeId(), campaign.id(), campaign.currentFunds(), campaign.backerCount());
    }

    private static void close(Batch batch, CloseCampaign command, InboundMessage<?> message, Instant now) {
        Campaign campaign = batch.campaigns.get(command.campaignId());
        if (campaign == null) {
            log.warn("Asked to close the unknown campaign {}; ignored", command.campaignId());
            return;
        }
        // asked again (closure-service did not hear the answer): the same answer again, nothing changes
        CampaignOutcome outcome = campaign.close(now).orElseGet(() -> campaign.status() == CampaignStatus.SUCCESSFUL
                ? CampaignOutcome.SUCCESSFUL : CampaignOutcome.FAILED);
        batch.out.add(new OutgoingMessage(CampaignChannels.EVENTS, campaign.id().toString(), new CampaignClosed(campaign.id(),
                campaign.ownerId(), campaign.title(), outcome, campaign.goal(), campaign.currentFunds(), campaign.backerCount(),
                campaign.closedAt()), message));
    }

    private static Claim rejected(ClaimPledge command, ClaimRejection reason) {
        BigDecimal amount = command.amount() == null ? BigDecimal.ZERO : command.amount();
        return new Claim(command.pledgeId(), command.campaignId(), command.backerId(), command.rewardTierId(), amount,
                Claim.Status.REJECTED, reason, true);
    }

    private static CampaignTotalsChanged totals(Campaign campaign) {
        return new CampaignTotalsChanged(campaign.id(), campaign.currentFunds(), campaign.backerCount(),
                campaign.rewardTiers().stream().map(t -> new CampaignTotalsChanged.TierClaims(t.id(), t.quantityClaimed())).toList(),
                campaign.milestones().stream().map(m -> new CampaignTotalsChanged.MilestoneProgress(m.id(), m.achieved())).toList(),
                campaign.status().name());
    }

    /** What one batch works on, and what it sends. */
    private static final class Batch {
        final Map<UUID, Campaign> campaigns;
        final Map<UUID, Claim> claims;
        /** Each backer's live claims on the campaign, as read and then as counted by this batch. */
        final Map<ClaimStore.BackerKey, Integer> live = new LinkedHashMap<>();
        private final Map<ClaimStore.BackerKey, Integer> read = new HashMap<>();
        final List<OutgoingMessage> out = new ArrayList<>();

        Batch(Map<UUID, Campaign> campaigns, Map<UUID, Claim> claims) {
            this.campaigns = campaigns;
            this.claims = new LinkedHashMap<>(claims);
        }

        void counted(Map<ClaimStore.BackerKey, Integer> counts) {
            live.putAll(counts);
            read.putAll(counts);
        }

        void countClaim(ClaimStore.BackerKey backer, int change) {
            live.merge(backer, change, Integer::sum);
        }

        /** The counts this batch changed. */
        Map<ClaimStore.BackerKey, Integer> liveChanged() {
            Map<ClaimStore.BackerKey, Integer> changed = new LinkedHashMap<>(live);
            changed.entrySet().removeIf(entry -> entry.getValue().equals(read.getOrDefault(entry.getKey(), 0)));
            return changed;
        }

        void remember(Claim claim) {
            claims.put(claim.pledgeId(), claim);
        }

        void reply(InboundMessage<?> cause, ClaimReply reply) {
            out.add(new OutgoingMessage(PledgeChannels.REPLIES, reply.pledgeId().toString(), reply, cause));
        }

        void event(Object event) {
            UUID campaignId = switch (event) {
                case CampaignTotalsChanged t -> t.campaignId();
                case MilestoneAchieved m -> m.campaignId();
                default -> throw new IllegalArgumentException(event.toString());
            };
            out.add(new OutgoingMessage(CampaignChannels.EVENTS, campaignId.toString(), event));
        }
    }
}
