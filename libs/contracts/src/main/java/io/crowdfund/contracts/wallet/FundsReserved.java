package io.crowdfund.contracts.wallet;

import java.math.BigDecimal;
import java.util.UUID;

/** The pledge's amount is held: moved from the backer's balance to a hold. */
public record FundsReserved(UUID pledgeId, UUID backerId, BigDecimal amount) implements FundsReply {
}
