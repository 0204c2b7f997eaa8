package io.crowdfund.contracts.wallet;

import java.util.UUID;

/** A release or refund came after the pledge's hold was paid out to the campaign owner; nothing changed. */
public record FundsAlreadyCaptured(UUID pledgeId, UUID backerId) implements FundsReply {
}
