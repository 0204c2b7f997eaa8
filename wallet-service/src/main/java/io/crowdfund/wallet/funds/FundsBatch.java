package io.crowdfund.wallet.funds;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The wallets and holds one batch of commands touches, locked for the batch's transaction, and the
 * ledger rows it adds. Commands change them in memory; the store writes each changed row once.
 */
final class FundsBatch {

    private final Map<UUID, Wallet> wallets = new LinkedHashMap<>();
    private final Map<UUID, Hold> holds = new LinkedHashMap<>();
    private final List<LedgerEntry> entries = new ArrayList<>();

    FundsBatch(Collection<Wallet> wallets, Collection<Hold> holds) {
        wallets.forEach(wallet -> this.wallets.put(wallet.userId(), wallet));
        holds.forEach(hold -> this.holds.put(hold.pledgeId(), hold));
    }

    /** The user's wallet, or none if they never had one (nothing to spend). */
    Optional<Wallet> wallet(UUID userId) {
        return Optional.ofNullable(wallets.get(userId));
    }

    Optional<Hold> hold(UUID pledgeId) {
        return Optional.ofNullable(holds.get(pledgeId));
    }

    void add(Hold hold) {
        holds.put(hold.pledgeId(), hold);
    }

    void record(LedgerEntry entry) {
        entries.add(entry);
    }

    List<Wallet> changedWallets() {
        return wallets.values().stream().filter(Wallet::changed).toList();
    }

    List<Hold> freshHolds() {
        return holds.values().stream().filter(Hold::fresh).toList();
    }

    List<Hold> changedHolds() {
        return holds.values().stream().filter(hold -> !hold.fresh() && hold.changed()).toList();
    }

    List<LedgerEntry> entries() {
        return entries;
    }
}
