package io.crowdfund.wallet.funds;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.contracts.wallet.CampaignFundsSettled;
import io.crowdfund.contracts.wallet.CampaignFundsSettlementProgressed;
import io.crowdfund.contracts.wallet.SettleCampaignFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.Outbox;
import io.crowdfund.messaging.Scans;
import io.crowdfund.wallet.WalletProperties;

/**
 * Settles a closed campaign's holds in bulk. Asking only records the settlement; a scheduled worker
 * then settles it chunk by chunk, each chunk one transaction of set-based SQL that moves the holds,
 * the backers' wallets, the ledger and the recorded progress together, so a crash resumes after the
 * last committed chunk and nothing is settled twice. A successful campaign's owner is paid once, in
 * the transaction that finishes it. Replicas share the work through {@code FOR UPDATE SKIP LOCKED}.
 */
@Component
class CampaignSettlements implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CampaignSettlements.class);

    private final SettlementStore settlements;
    private final FundsStore store;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final WalletProperties properties;

    CampaignSettlements(SettlementStore settlements, FundsStore store, Outbox outbox, TransactionTemplate transactions,
            WalletProperties properties) {
        this.settlements = settlements;
        this.store = store;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
    }

    /**
     * Records the request in the caller's transaction; the fee is fixed now. Asking again changes
     * nothing: while the settlement runs it goes on, and once it is settled the answer is given again
     * (returned, for the caller to send), since the asker may not have heard it.
     */
    Optional<CampaignFundsSettled> begin(SettleCampaignFunds command) {
        var requested = CampaignSettlement.requested(command.campaignId(), command.ownerId(), command.outcome(), properties.platformFeePercent());
        return settlements.insert(requested) ? Optional.empty() : settlements.findSettled(command.campaignId());
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::settlePending, properties.settlement().scanInterval());
    }

    void settlePending() {
        Scans.drain(transactions, status -> settleNextChunk(), log, "Settlement chunk");
    }

    /** Settles one chunk of one unfinished settlement, or finishes it; false when none is left. */
    private boolean settleNextChunk() {
        Optional<CampaignSettlement> next = settlements.lockNextSettling();
        if (next.isEmpty()) {
            return false;
        }
        CampaignSettlement settlement = next.get();
        var progress = settlements.settleChunk(settlement, properties.settlement().chunkSize());
        if (progress.settledNow() > 0) {
            outbox.send(WalletChannels.EVENTS, settlement.campaignId().toString(), new CampaignFundsSettlementProgressed(
                    settlement.campaignId(), settlement.outcome(), progress.holdsSettled(), progress.amountSettled()));
        } else {
            finish(settlement.settled(progress.amountSettled()), progress);
        }
        return true;
    }

    private void finish(CampaignSettlement settled, SettlementStore.Progress progress) {
        if (settled.paidOut().signum() > 0) {
            store.open(settled.ownerId());
            Wallet owner = store.lockWallet(settled.ownerId());
            LedgerEntry payout = owner.payout(settled.paidOut(), settled.campaignId());
            store.save(owner);
            store.insert(List.of(payout));
        }
        settlements.save(settled);
        outbox.send(WalletChannels.EVENTS, settled.campaignId().toString(), new CampaignFundsSettled(settled.campaignId(),
                settled.ownerId(), settled.outcome(), progress.holdsSettled(), progress.amountSettled(), settled.fee(), settled.paidOut()));
        log.info("Settled campaign {} ({}): {} holds, {} settled, fee {}, paid out {}", settled.campaignId(), settled.outcome(),
                progress.holdsSettled(), progress.amountSettled(), settled.fee(), settled.paidOut());
    }
}
