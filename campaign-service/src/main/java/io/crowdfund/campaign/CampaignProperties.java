package io.crowdfund.campaign;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * campaign-service settings, under {@code crowdfund.campaign}.
 *
 * @param minimumDuration shortest time from start to deadline a new campaign may have
 * @param limits how much one campaign may hold and which dates it may have
 * @param stream the live totals streams
 * @param reads the campaigns each replica keeps in memory for {@code GET /campaigns/{id}}
 */
@ConfigurationProperties("crowdfund.campaign")
public record CampaignProperties(Duration minimumDuration, @DefaultValue Limits limits, @DefaultValue Stream stream,
        @DefaultValue Reads reads) {

    /**
     * Bounds on what one owner can make a campaign grow to, so that a campaign (loaded whole by the
     * claims, the totals events and the page) and its messages stay small.
     *
     * @param rewardTiers most reward tiers one campaign may have
     * @param milestones most milestones one campaign may have
     * @param maximumDuration longest time from start to deadline
     * @param startWithin how far in the future a start date may be
     * @param earliestDate no date before this is taken (also the filters of the list), so none reaches PostgreSQL
     * @param latestDate no date after this is taken
     */
    public record Limits(int rewardTiers, int milestones,
            Duration maximumDuration, Duration startWithin,
            Instant earliestDate, Instant latestDate) {

        /** Whether the instant is within the dates this service takes. */
        public boolean saneDate(Instant instant) {
            return !instant.isBefore(earliestDate) && !instant.isAfter(latestDate);
        }
    }

    /**
     * @param timeout how long one stream stays open (clients reconnect, as EventSource does)
     * @param heartbeat how often an idle stream gets a comment, so proxies keep it and dead clients are noticed
     * @param maxOpen most streams open at once on this replica; beyond it a 503 with Retry-After
     * @param maxPerClient most streams open at once on this replica from one client address; beyond it a 429 with Retry-After
     * @param retryAfter what Retry-After tells a refused client
     * @param minInterval least time between two totals events of one stream; what changes meanwhile comes with the next
     */
    public record Stream(Duration timeout, Duration heartbeat,
            int maxOpen, int maxPerClient, Duration retryAfter,
            Duration minInterval) {
    }

    /**
     * @param maxAge how long a campaign read from the database is served before it is read again, at the latest (its
     *        events evict it sooner); also the {@code Cache-Control} max-age an edge cache may keep it
     * @param maxCampaigns most campaigns kept at once; the least used go first
     */
    public record Reads(Duration maxAge, int maxCampaigns) {
    }
}
