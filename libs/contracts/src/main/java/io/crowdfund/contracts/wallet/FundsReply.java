package io.crowdfund.contracts.wallet;

import java.util.UUID;

/**
 * What wallet-service answers a pledge's reserve, release or refund command, on
 * {@code pledge.replies} keyed by pledge. Every outcome is a record here, never an exception.
 */
public sealed interface FundsReply permits FundsReserved, FundsNotReserved, FundsReleased, FundsRefunded, FundsAlreadyCaptured {

    UUID pledgeId();
}
