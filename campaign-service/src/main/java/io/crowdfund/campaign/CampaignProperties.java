package io.crowdfund.campaign;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * campaign-service settings, under {@code crowdfund.campaign}.
 *
 * @param minimumDuration shortest time from start to deadline a new campaign may have
 * @param stream the live totals streams
 */
@ConfigurationProperties("crowdfund.campaign")
public record CampaignProperties(@DefaultValue("0s") Duration minimumDuration, @DefaultValue Stream stream) {

    /**
     * @param timeout how long one stream stays open (clients reconnect, as EventSource does)
     * @param heartbeat how often an idle stream gets a comment, so proxies keep it and dead clients are noticed
     */
    public record Stream(@DefaultValue("30m") Duration timeout, @DefaultValue("15s") Duration heartbeat) {
    }
}
