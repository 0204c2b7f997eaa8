package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A user's money: {@code balance} is spendable, {@code reserved} is held for live pledges. Every
 * change returns the ledger row that records it; a hold the balance cannot cover is refused.
 */
public final class Wallet {

    private final UUID userId;
    private BigDecimal balance;
    private BigDecimal reserved;
    private boolean changed;

    Wallet(UUID userId, BigDecimal balance, BigDecimal reserved) {
        this.userId = userId;
        this.balance = balance;
        this.reserved = reserved;
    }

    static Wallet empty(UUID userId) {
        return new Wallet(userId, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2));
    }

    LedgerEntry deposit(BigDecimal amount) {
        requirePositive(amount);
        balance = balance.add(amount);
        changed = true;
        return LedgerEntry.of(userId, EntryType.DEPOSIT, amount, null, null);
    }

    /** Credits a successful campaign's funds, less the platform fee, to its owner. */
    LedgerEntry payout(BigDecimal amount, UUID campaignId) {
        requirePositive(amount);
        balance = balance.add(amount);
        changed = true;
        return LedgerEntry.of(userId, EntryType.PAYOUT, amount, null, campaignId);
    }

    boolean covers(BigDecimal amount) {
        return balance.compareTo(amount) >= 0;
    }

    /** Moves the hold's amount from the balance to reserved. */
    LedgerEntry hold(Hold hold) {
        requirePositive(hold.amount());
        if (!covers(hold.amount())) {
            throw new IllegalStateException("Wallet " + userId + " cannot cover " + hold.amount());
        }
        balance = balance.subtract(hold.amount());
        reserved = reserved.add(hold.amount());
        changed = true;
        return LedgerEntry.of(userId, EntryType.PLEDGE, hold.amount().negate(), hold.pledgeId(), hold.campaignId());
    }

    /** Moves a hold's amount from reserved back to the balance. */
    LedgerEntry giveBack(Hold hold, EntryType why) {
        if (reserved.compareTo(hold.amount()) < 0) {
            throw new IllegalStateException("Wallet " + userId + " reserves less than the hold of pledge " + hold.pledgeId());
        }
        reserved = reserved.subtract(hold.amount());
        balance = balance.add(hold.amount());
        changed = true;
        return LedgerEntry.of(userId, why, hold.amount(), hold.pledgeId(), hold.campaignId());
    }

    public UUID userId() {
        return userId;
    }

    public BigDecimal balance() {
        return balance;
    }

    public BigDecimal reserved() {
        return reserved;
    }

    boolean changed() {
        return changed;
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("Amounts are positive: " + amount);
        }
    }
}
