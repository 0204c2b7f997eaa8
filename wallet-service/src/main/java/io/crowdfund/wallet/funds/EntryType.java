package io.crowdfund.wallet.funds;

/** What a ledger row records; its amount is the signed change of the wallet's balance. */
public enum EntryType {
    /** Money paid in (+). */
    DEPOSIT,
    /** Balance moved to a pledge's hold (-). */
    PLEDGE,
    /** A rejected pledge's hold returned (+). */
    PLEDGE_RELEASE,
    /** A cancelled pledge's or failed campaign's hold returned (+). */
    REFUND,
    /** A successful campaign's funds, less the platform fee, paid to its owner (+). */
    PAYOUT
}
