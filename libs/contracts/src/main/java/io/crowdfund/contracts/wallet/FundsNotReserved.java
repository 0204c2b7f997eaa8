package io.crowdfund.contracts.wallet;

import java.util.UUID;

/** Nothing was held for the pledge. */
public record FundsNotReserved(UUID pledgeId, UUID backerId, Reason reason) implements FundsReply {

    public enum Reason {
        /** The backer's balance does not cover the amount. */
        INSUFFICIENT_FUNDS,
        /** The pledge's hold was already released or refunded (a stale or late request). */
        ALREADY_RELEASED
    }
}
