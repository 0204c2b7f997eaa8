package io.crowdfund.contracts.campaign;

import java.math.BigDecimal;
import java.util.UUID;

/** The cancelled pledge no longer counts: the campaign's totals right after it. */
public record PledgeUnclaimed(UUID pledgeId, UUID campaignId, BigDecimal campaignFunds, int backerCount) implements ClaimReply {
}
