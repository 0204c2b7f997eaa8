package io.crowdfund.contracts.campaign;

/** How a closed campaign ended: all-or-nothing. */
public enum CampaignOutcome {
    /** Funds reached the goal: confirmed pledges are collected and paid to the owner. */
    SUCCESSFUL,
    /** Funds fell short: confirmed pledges are refunded to their backers. */
    FAILED
}
