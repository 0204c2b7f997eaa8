package io.crowdfund.closure.closing;

/** Where a campaign's closing stands. */
public enum ClosureState {
    /** Waiting for the deadline. */
    SCHEDULED,
    /** campaign-service was asked to close it. */
    CLOSING,
    /** Closed; its pledges and money are being settled. */
    SETTLING,
    /** Every pledge collected or refunded and the money moved. */
    SETTLED
}
