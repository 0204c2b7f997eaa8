package io.crowdfund.contracts.wallet;

import java.math.BigDecimal;
import java.util.UUID;

/** The cancelled pledge's hold is back in the backer's balance. */
public record FundsRefunded(UUID pledgeId, UUID backerId, BigDecimal amount) implements FundsReply {
}
