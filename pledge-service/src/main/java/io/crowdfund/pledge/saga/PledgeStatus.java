package io.crowdfund.pledge.saga;

/** What API clients see of a pledge. */
public enum PledgeStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    REFUNDED,
    COLLECTED;

    boolean isFinal() {
        return this != PENDING;
    }
}
