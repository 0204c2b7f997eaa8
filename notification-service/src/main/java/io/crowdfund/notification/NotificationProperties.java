package io.crowdfund.notification;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * notification-service settings, under {@code crowdfund.notification}.
 *
 * @param webhooks how webhook deliveries are made and retried
 */
@ConfigurationProperties("crowdfund.notification")
public record NotificationProperties(@DefaultValue Webhooks webhooks) {

    /**
     * @param schedule when each attempt is made, counted from the previous one (the first is the
     *        delay of the first attempt); after the last the delivery is DEAD
     * @param timeout how long a receiver has to answer with a 2xx
     * @param concurrency deliveries in flight at once on this replica
     * @param scanInterval how often due deliveries are looked for
     * @param allowPrivateTargets whether endpoints may resolve to loopback, link-local or private addresses
     */
    public record Webhooks(@DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h"}) List<Duration> schedule,
            @DefaultValue("10s") Duration timeout, @DefaultValue("32") int concurrency, @DefaultValue("500ms") Duration scanInterval,
            @DefaultValue("false") boolean allowPrivateTargets) {
    }
}
