package io.crowdfund.closure.closing;

import org.springframework.stereotype.Component;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CloseCampaign;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.SettleCampaignPledges;
import io.crowdfund.contracts.wallet.SettleCampaignFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.Outbox;

/**
 * Asks the participant a closure waits on for its step, through the outbox in the caller's
 * transaction: the first time, and again when the closure stopped moving. Each participant answers
 * a repeated command as it did the first one and does its work once.
 */
@Component
class Participants {

    private final Outbox outbox;

    Participants(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Sends the command of the step the closure waits on; returns that step. */
    Closure.Step ask(Closure closure) {
        Closure.Step step = closure.awaiting()
                .orElseThrow(() -> new IllegalStateException("The closure of " + closure.campaignId() + " waits on nobody"));
        String key = closure.campaignId().toString();
        switch (step) {
            case CLOSE_CAMPAIGN -> outbox.send(CampaignChannels.COMMANDS, key, new CloseCampaign(closure.campaignId()));
            case SETTLE_PLEDGES -> outbox.send(PledgeChannels.COMMANDS, key,
                    new SettleCampaignPledges(closure.campaignId(), closure.ownerId(), closure.outcome()));
            case SETTLE_FUNDS -> outbox.send(WalletChannels.COMMANDS, key,
                    new SettleCampaignFunds(closure.campaignId(), closure.ownerId(), closure.outcome()));
        }
        return step;
    }
}
