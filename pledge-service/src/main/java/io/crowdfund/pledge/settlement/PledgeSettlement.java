package io.crowdfund.pledge.settlement;

import java.util.UUID;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/**
 * The settlement of a closed campaign's pledges: WAITING until none of its pledges is in flight, then
 * SETTLING its confirmed pledges chunk by chunk, then SETTLED. Each step is taken once and in order.
 */
record PledgeSettlement(UUID campaignId, UUID ownerId, CampaignOutcome outcome, State state) {

    /** Where a settlement stands. */
    enum State {
        /** Recorded; waits for the campaign's pledges in flight to become final. */
        WAITING,
        /** Its confirmed pledges are being collected or refunded. */
        SETTLING,
        /** Every confirmed pledge collected or refunded. */
        SETTLED
    }

    static PledgeSettlement requested(UUID campaignId, UUID ownerId, CampaignOutcome outcome) {
        return new PledgeSettlement(campaignId, ownerId, outcome, State.WAITING);
    }

    /** None of its pledges is in flight any more: settling starts; refused unless it is waiting. */
    PledgeSettlement started() {
        return from(State.WAITING, State.SETTLING);
    }

    /** Every confirmed pledge is settled; refused unless it is settling. */
    PledgeSettlement settled() {
        return from(State.SETTLING, State.SETTLED);
    }

    /** Whether its confirmed pledges are collected (a successful campaign) rather than refunded. */
    boolean collects() {
        return outcome == CampaignOutcome.SUCCESSFUL;
    }

    private PledgeSettlement from(State expected, State next) {
        if (state != expected) {
            throw new IllegalStateException("The pledge settlement of campaign " + campaignId + " is " + state + ", not " + expected);
        }
        return new PledgeSettlement(campaignId, ownerId, outcome, next);
    }
}
