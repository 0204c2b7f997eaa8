package io.crowdfund.wallet.funds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * The settlement of a closed campaign's holds: SETTLING chunk by chunk, then SETTLED once, when a
 * successful campaign's fee (at the percentage fixed when it was asked for) and its owner's payout are
 * fixed. A failed campaign's holds are refunded: no fee, no payout.
 *
 * @param fee the platform's share; null until it is settled
 * @param paidOut what the owner is paid; null until it is settled
 */
record CampaignSettlement(UUID campaignId, UUID ownerId, CampaignOutcome outcome, BigDecimal feePercent, State state,
        @Nullable BigDecimal fee, @Nullable BigDecimal paidOut) {

    private static final BigDecimal NOTHING = BigDecimal.ZERO.setScale(2);

    /** Where a settlement stands. */
    enum State {
        /** Its holds are being captured or refunded. */
        SETTLING,
        /** Every hold settled, the owner paid. */
        SETTLED
    }

    /** A settlement asked for; the fee percentage is fixed now, and only a successful campaign pays one. */
    static CampaignSettlement requested(UUID campaignId, UUID ownerId, CampaignOutcome outcome, BigDecimal platformFeePercent) {
        return new CampaignSettlement(campaignId, ownerId, outcome, outcome == CampaignOutcome.SUCCESSFUL ? platformFeePercent : BigDecimal.ZERO,
                State.SETTLING, null, null);
    }

    /** Whether its holds go back to the backers (a failed campaign) rather than to the owner. */
    boolean refunds() {
        return outcome == CampaignOutcome.FAILED;
    }

    /** Every hold is settled, {@code amountSettled} in all: the fee and payout are fixed; refused unless it is settling. */
    CampaignSettlement settled(BigDecimal amountSettled) {
        if (state != State.SETTLING) {
            throw new IllegalStateException("The settlement of campaign " + campaignId + " is " + state + " already");
        }
        BigDecimal platformFee = refunds() ? NOTHING : amountSettled.multiply(feePercent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN);
        BigDecimal payout = refunds() ? NOTHING : amountSettled.subtract(platformFee);
        return new CampaignSettlement(campaignId, ownerId, outcome, feePercent, State.SETTLED, platformFee, payout);
    }
}
