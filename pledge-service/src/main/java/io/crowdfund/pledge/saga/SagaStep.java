package io.crowdfund.pledge.saga;

/**
 * Where a pledge's saga stands. What each step asks, where each reply takes it and what compensates
 * it is {@link SagaTable}.
 */
public enum SagaStep {
    /** The wallet is asked to reserve and the campaign to claim, at once. */
    RESERVE_CLAIM,
    /** The campaign has claimed the pledge; the wallet's reserve is awaited. */
    RESERVING,
    /** The wallet holds the funds; the campaign's claim is awaited. */
    CLAIMING,
    /** Compensation: the campaign is asked to take back a claim that may have been made. */
    REVOKING,
    /** Compensation: the wallet is asked to release a hold that may have been made. */
    RELEASING,
    /** Cancellation: the campaign is asked to take back the claim. */
    UNCLAIMING,
    /** Cancellation: the wallet is asked to refund the hold. */
    REFUNDING,
    /** The saga has ended; a CONFIRMED pledge may still be cancelled. */
    DONE
}
