package io.crowdfund.contracts.wallet;

import java.math.BigDecimal;
import java.util.UUID;

/** The pledge's hold (if there was one) is back in the backer's balance; {@code amount} is what was returned. */
public record FundsReleased(UUID pledgeId, UUID backerId, BigDecimal amount) implements FundsReply {
}
