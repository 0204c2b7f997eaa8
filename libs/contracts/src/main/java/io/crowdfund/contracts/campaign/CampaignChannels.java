package io.crowdfund.contracts.campaign;

/** Topics of campaign-service: commands it is asked, events it tells. */
public final class CampaignChannels {

    /** Commands to campaign-service (claim, unclaim, close), keyed by campaign. */
    public static final String COMMANDS = "campaign.commands";

    /** Facts from campaign-service (campaign created, pledge accepted, milestone achieved, ...), keyed by campaign. */
    public static final String EVENTS = "campaign.events";

    private CampaignChannels() {
    }
}
