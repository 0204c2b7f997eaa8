package io.crowdfund.wallet.funds;

/** Where a pledge's hold stands. */
enum HoldStatus {
    /** The amount is held, waiting for the pledge's outcome. */
    HELD,
    /** Nothing was held: the balance did not cover the amount. */
    FAILED,
    /** Returned to the backer after the pledge was rejected (or before anything was held). */
    RELEASED,
    /** Returned to the backer after a cancellation or a failed campaign. */
    REFUNDED,
    /** Paid to the campaign's owner at settlement. */
    CAPTURED
}
