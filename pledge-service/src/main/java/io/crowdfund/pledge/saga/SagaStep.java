package io.crowdfund.pledge.saga;

import java.util.Optional;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.ClaimPledge;
import io.crowdfund.contracts.campaign.UnclaimPledge;
import io.crowdfund.contracts.wallet.RefundFunds;
import io.crowdfund.contracts.wallet.ReleaseFunds;
import io.crowdfund.contracts.wallet.ReserveFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.OutgoingMessage;

/**
 * The pledge saga, step by step. Each step asks one participant one thing and waits for its reply;
 * a step that waits too long is asked again (participants answer a re-asked command the same way)
 * and, for the forward steps, compensated after a bounded number of attempts.
 *
 * <pre>
 * step        asks                        on success           on refusal                  compensated by (timeout)
 * RESERVING   wallet: ReserveFunds        → CLAIMING           REJECTED (nothing held)     RELEASING
 * CLAIMING    campaign: ClaimPledge       CONFIRMED            → RELEASING                 REVOKING
 * REVOKING    campaign: UnclaimPledge!    → RELEASING          → RELEASING                 (asked until answered)
 * RELEASING   wallet: ReleaseFunds        REJECTED             –                           (asked until answered)
 * UNCLAIMING  campaign: UnclaimPledge     → REFUNDING          CONFIRMED (cancel refused)  (asked until answered)
 * REFUNDING   wallet: RefundFunds         REFUNDED             –                           (asked until answered)
 * DONE        –
 * </pre>
 */
public enum SagaStep {

    RESERVING {
        @Override
        Optional<OutgoingMessage> ask(Pledge p) {
            return wallet(p, new ReserveFunds(p.id(), p.backerId(), p.campaignId(), p.amount()));
        }
    },
    CLAIMING {
        @Override
        Optional<OutgoingMessage> ask(Pledge p) {
            return campaign(p, new ClaimPledge(p.id(), p.campaignId(), p.backerId(), p.amount(), p.rewardTierId()));
        }
    },
    REVOKING {
        @Override
        Optional<OutgoingMessage> ask(Pledge p) {
            return campaign(p, new UnclaimPledge(p.id(), p.campaignId(), true));
        }
    },
    RELEASING {
        @Override
        Optional<OutgoingMessage> ask(Pledge p) {
            return wallet(p, new ReleaseFunds(p.id(), p.backerId(), p.campaignId()));
        }
    },
    UNCLAIMING {
        @Override
        Optional<OutgoingMessage> ask(Pledge p) {
            return campaign(p, new UnclaimPledge(p.id(), p.campaignId(), false));
        }
    },
    REFUNDING {
        @Override
        Optional<OutgoingMessage> ask(Pledge p) {
            return wallet(p, new RefundFunds(p.id(), p.backerId(), p.campaignId()));
        }
    },
    DONE {
        @Override
        Optional<OutgoingMessage> ask(Pledge p) {
            return Optional.empty();
        }
    };

    /** The command this step sends (again, when re-asked). */
    abstract Optional<OutgoingMessage> ask(Pledge pledge);

    private static Optional<OutgoingMessage> wallet(Pledge p, Object command) {
        return Optional.of(new OutgoingMessage(WalletChannels.COMMANDS, p.backerId().toString(), command));
    }

    private static Optional<OutgoingMessage> campaign(Pledge p, Object command) {
        return Optional.of(new OutgoingMessage(CampaignChannels.COMMANDS, p.campaignId().toString(), command));
    }
}
