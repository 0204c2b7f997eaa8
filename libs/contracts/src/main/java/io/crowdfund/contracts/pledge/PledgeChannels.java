package io.crowdfund.contracts.pledge;

/** Topics of pledge-service, the saga orchestrator. */
public final class PledgeChannels {

    /** Commands to pledge-service (settle a campaign's pledges), keyed by campaign. */
    public static final String COMMANDS = "pledge.commands";

    /** Replies of the saga's participants to pledge-service, keyed by pledge. */
    public static final String REPLIES = "pledge.replies";

    /** Facts from pledge-service (pledge confirmed, rejected, refunded, collected), keyed by campaign. */
    public static final String EVENTS = "pledge.events";

    private PledgeChannels() {
    }
}
