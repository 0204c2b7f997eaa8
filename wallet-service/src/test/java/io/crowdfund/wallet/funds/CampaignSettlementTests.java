package io.crowdfund.wallet.funds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.wallet.funds.CampaignSettlement.State;

class CampaignSettlementTests {

    private final BigDecimal fivePercent = new BigDecimal("5.00");

    @Test
    void settlesASuccessfulCampaignOncePayingItsOwnerTheAmountLessTheFee() {
        var settling = CampaignSettlement.requested(UUID.randomUUID(), UUID.randomUUID(), CampaignOutcome.SUCCESSFUL, fivePercent);
        assertThat(settling.state()).isEqualTo(State.SETTLING);
        assertThat(settling.feePercent()).isEqualByComparingTo("5.00");
        assertThat(settling.refunds()).isFalse();
        assertThat(settling.fee()).as("fixed once settled").isNull();

        var settled = settling.settled(new BigDecimal("100.10"));
        assertThat(settled.state()).isEqualTo(State.SETTLED);
        assertThat(settled.fee()).as("5.005, rounded half even").isEqualTo(new BigDecimal("5.00"));
        assertThat(settled.paidOut()).isEqualTo(new BigDecimal("95.10"));
    }

    @Test
    void refundsAFailedCampaignWithoutFeeOrPayout() {
        var settling = CampaignSettlement.requested(UUID.randomUUID(), UUID.randomUUID(), CampaignOutcome.FAILED, fivePercent);
        assertThat(settling.feePercent()).isEqualByComparingTo("0");
        assertThat(settling.refunds()).isTrue();

        var settled = settling.settled(new BigDecimal("40.00"));
        assertThat(settled.state()).isEqualTo(State.SETTLED);
        assertThat(settled.fee()).isEqualTo(new BigDecimal("0.00"));
        assertThat(settled.paidOut()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void refusesToSettleTwice() {
        var settled = CampaignSettlement.requested(UUID.randomUUID(), UUID.randomUUID(), CampaignOutcome.SUCCESSFUL, fivePercent)
                .settled(BigDecimal.TEN);
        assertThatThrownBy(() -> settled.settled(BigDecimal.TEN)).isInstanceOf(IllegalStateException.class).hasMessageContaining("SETTLED");
    }
}
