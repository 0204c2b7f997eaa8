package io.crowdfund.pledge.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.pledge.settlement.PledgeSettlement.State;

class PledgeSettlementTests {

    private final PledgeSettlement requested = PledgeSettlement.requested(UUID.randomUUID(), UUID.randomUUID(), CampaignOutcome.FAILED);

    @Test
    void waitsThenSettlesThenIsSettled() {
        assertThat(requested.state()).isEqualTo(State.WAITING);
        PledgeSettlement settling = requested.started();
        assertThat(settling.state()).isEqualTo(State.SETTLING);
        PledgeSettlement settled = settling.settled();
        assertThat(settled.state()).isEqualTo(State.SETTLED);
        assertThat(settled.campaignId()).isEqualTo(requested.campaignId());
        assertThat(settled.outcome()).isEqualTo(CampaignOutcome.FAILED);
    }

    @Test
    void refusesToSkipOrRepeatAStep() {
        assertThatThrownBy(requested::settled).as("settled before settling").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WAITING");
        PledgeSettlement settling = requested.started();
        assertThatThrownBy(settling::started).as("started twice").isInstanceOf(IllegalStateException.class);
        PledgeSettlement settled = settling.settled();
        assertThatThrownBy(settled::settled).as("settled twice").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(settled::started).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void collectsTheConfirmedPledgesOfASuccessfulCampaignAndRefundsThoseOfAFailedOne() {
        assertThat(PledgeSettlement.requested(UUID.randomUUID(), UUID.randomUUID(), CampaignOutcome.SUCCESSFUL).collects()).isTrue();
        assertThat(requested.collects()).isFalse();
    }
}
