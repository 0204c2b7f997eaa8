package io.crowdfund.pledge.saga;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.ClaimPledge;
import io.crowdfund.contracts.campaign.UnclaimPledge;
import io.crowdfund.contracts.wallet.RefundFunds;
import io.crowdfund.contracts.wallet.ReleaseFunds;
import io.crowdfund.contracts.wallet.ReserveFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.InboundMessage;
import io.crowdfund.messaging.OutgoingMessage;

/**
 * What the saga asks its participants. Commands to the wallet are keyed by backer and those to the
 * campaign by campaign, so a participant receives a pledge's commands in the order they were sent
 * (a release after the reserve it undoes, a revoke after its claim).
 */
enum SagaCommand {
    RESERVE {
        @Override
        OutgoingMessage to(Pledge p, InboundMessage<?> cause) {
            return wallet(p, cause, new ReserveFunds(p.id(), p.backerId(), p.campaignId(), p.amount()));
        }
    },
    CLAIM {
        @Override
        OutgoingMessage to(Pledge p, InboundMessage<?> cause) {
            return campaign(p, cause, new ClaimPledge(p.id(), p.campaignId(), p.backerId(), p.amount(), p.rewardTierId()));
        }
    },
    /** Takes back a claim the saga gives up on (allowed whatever the campaign's state). */
    REVOKE {
        @Override
        OutgoingMessage to(Pledge p, InboundMessage<?> cause) {
            return campaign(p, cause, new UnclaimPledge(p.id(), p.campaignId(), true));
        }
    },
    RELEASE {
        @Override
        OutgoingMessage to(Pledge p, InboundMessage<?> cause) {
            return wallet(p, cause, new ReleaseFunds(p.id(), p.backerId(), p.campaignId()));
        }
    },
    /** Takes back a confirmed pledge's claim for its backer (the campaign may refuse). */
    UNCLAIM {
        @Override
        OutgoingMessage to(Pledge p, InboundMessage<?> cause) {
            return campaign(p, cause, new UnclaimPledge(p.id(), p.campaignId(), false));
        }
    },
    REFUND {
        @Override
        OutgoingMessage to(Pledge p, InboundMessage<?> cause) {
            return wallet(p, cause, new RefundFunds(p.id(), p.backerId(), p.campaignId()));
        }
    };

    /** This command for the pledge, as a message to its participant; {@code cause}: the reply it answers, or null. */
    abstract OutgoingMessage to(Pledge pledge, InboundMessage<?> cause);

    private static OutgoingMessage wallet(Pledge p, InboundMessage<?> cause, Object command) {
        return new OutgoingMessage(WalletChannels.COMMANDS, p.backerId().toString(), command, cause);
    }

    private static OutgoingMessage campaign(Pledge p, InboundMessage<?> cause, Object command) {
        return new OutgoingMessage(CampaignChannels.COMMANDS, p.campaignId().toString(), command, cause);
    }
}
