package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.FundsAlreadyCaptured;
import io.crowdfund.contracts.wallet.FundsNotReserved;
import io.crowdfund.contracts.wallet.FundsReleased;
import io.crowdfund.contracts.wallet.FundsRefunded;
import io.crowdfund.contracts.wallet.FundsReply;
import io.crowdfund.contracts.wallet.FundsReserved;
import io.crowdfund.contracts.wallet.RefundFunds;
import io.crowdfund.contracts.wallet.ReleaseFunds;
import io.crowdfund.contracts.wallet.ReserveFunds;
import io.crowdfund.contracts.wallet.SettleCampaignFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.InboundMessage;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.OutgoingMessage;

/**
 * Applies a polled batch of the saga's commands in the consumer's transaction: locks what the batch
 * touches once, lets the wallets and holds decide, writes each changed row once, and records one
 * reply per command in the outbox. Idempotent per pledge as well as per message, so a re-asked
 * command gets the first answer again.
 */
@Service
public class FundsCommands {

    private final FundsStore store;
    private final CampaignSettlements settlements;
    private final Outbox outbox;

    FundsCommands(FundsStore store, CampaignSettlements settlements, Outbox outbox) {
        this.store = store;
        this.settlements = settlements;
        this.outbox = outbox;
    }

    /** Runs inside the consumer's transaction. */
    public void apply(List<InboundMessage<?>> messages) {
        Set<UUID> backers = new LinkedHashSet<>();
        Set<UUID> pledges = new LinkedHashSet<>();
        for (InboundMessage<?> message : messages) {
            switch (message.payload()) {
                case ReserveFunds c -> { backers.add(c.backerId()); pledges.add(c.pledgeId()); }
                case ReleaseFunds c -> { backers.add(c.backerId()); pledges.add(c.pledgeId()); }
                case RefundFunds c -> { backers.add(c.backerId()); pledges.add(c.pledgeId()); }
                default -> { }
            }
        }
        FundsBatch batch = store.lock(backers, pledges);
        List<OutgoingMessage> replies = new ArrayList<>();
        for (InboundMessage<?> message : messages) {
            FundsReply reply = switch (message.payload()) {
                case ReserveFunds c -> reserve(batch, c);
                case ReleaseFunds c -> giveBack(batch, c.pledgeId(), c.backerId(), c.campaignId(), HoldStatus.RELEASED);
                case RefundFunds c -> giveBack(batch, c.pledgeId(), c.backerId(), c.campaignId(), HoldStatus.REFUNDED);
                case SettleCampaignFunds c -> {
                    settlements.begin(c).ifPresent(settledAlready -> replies.add(
                            new OutgoingMessage(WalletChannels.EVENTS, c.campaignId().toString(), settledAlready, message)));
                    yield null;
                }
                default -> throw new IllegalArgumentException("wallet-service is not asked " + message.type());
            };
            if (reply != null) {
                replies.add(new OutgoingMessage(PledgeChannels.REPLIES, reply.pledgeId().toString(), reply, message));
            }
        }
        store.save(batch);
        if (!replies.isEmpty()) {
            outbox.send(replies);
        }
    }

    private static FundsReply reserve(FundsBatch batch, ReserveFunds command) {
        var existing = batch.hold(command.pledgeId());
        if (existing.isPresent()) {
            return answerAgain(existing.get());
        }
        BigDecimal amount = command.amount();
        if (amount == null || amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("ReserveFunds for pledge " + command.pledgeId() + " has the invalid amount " + amount);
        }
        var wallet = batch.wallet(command.backerId()).filter(w -> w.covers(amount));
        if (wallet.isEmpty()) {
            batch.add(Hold.failed(command.pledgeId(), command.backerId(), command.campaignId(), amount));
            return new FundsNotReserved(command.pledgeId(), command.backerId(), FundsNotReserved.Reason.INSUFFICIENT_FUNDS);
        }
        Hold hold = Hold.held(command.pledgeId(), command.backerId(), command.campaignId(), amount);
        batch.record(wallet.get().hold(hold));
        batch.add(hold);
        return new FundsReserved(hold.pledgeId(), hold.userId(), hold.amount());
    }

    private static FundsReply answerAgain(Hold hold) {
        return switch (hold.status()) {
            case HELD, CAPTURED -> new FundsReserved(hold.pledgeId(), hold.userId(), hold.amount());
            case FAILED -> new FundsNotReserved(hold.pledgeId(), hold.userId(), FundsNotReserved.Reason.INSUFFICIENT_FUNDS);
            case RELEASED, REFUNDED -> new FundsNotReserved(hold.pledgeId(), hold.userId(), FundsNotReserved.Reason.ALREADY_RELEASED);
        };
    }

    private static FundsReply giveBack(FundsBatch batch, UUID pledgeId, UUID backerId, UUID campaignId, HoldStatus outcome) {
        var existing = batch.hold(pledgeId);
        if (existing.isEmpty()) {
            batch.add(Hold.releasedBeforeReserve(pledgeId, backerId, campaignId));
            return givenBack(outcome, pledgeId, backerId, BigDecimal.ZERO.setScale(2));
        }
        Hold hold = existing.get();
        return switch (hold.status()) {
            case HELD -> {
                Wallet wallet = batch.wallet(hold.userId()).orElseThrow(() -> new IllegalStateException("Hold without a wallet: " + pledgeId));
                hold.end(outcome);
                batch.record(wallet.giveBack(hold, outcome == HoldStatus.RELEASED ? EntryType.PLEDGE_RELEASE : EntryType.REFUND));
                yield givenBack(outcome, pledgeId, hold.userId(), hold.amount());
            }
            case FAILED -> givenBack(outcome, pledgeId, hold.userId(), BigDecimal.ZERO.setScale(2));
            case RELEASED, REFUNDED -> givenBack(outcome, pledgeId, hold.userId(), hold.amount());
            case CAPTURED -> new FundsAlreadyCaptured(pledgeId, hold.userId());
        };
    }

    private static FundsReply givenBack(HoldStatus outcome, UUID pledgeId, UUID backerId, BigDecimal amount) {
        return outcome == HoldStatus.RELEASED ? new FundsReleased(pledgeId, backerId, amount) : new FundsRefunded(pledgeId, backerId, amount);
    }
}
