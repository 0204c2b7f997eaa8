package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.UUID;

import io.crowdfund.messaging.Ids;

/** One change of one wallet's balance: the ledger row written in the same transaction. */
record LedgerEntry(UUID id, UUID userId, EntryType type, BigDecimal amount, UUID pledgeId, UUID campaignId) {

    static LedgerEntry of(UUID userId, EntryType type, BigDecimal amount, UUID pledgeId, UUID campaignId) {
        return new LedgerEntry(Ids.next(), userId, type, amount, pledgeId, campaignId);
    }
}
