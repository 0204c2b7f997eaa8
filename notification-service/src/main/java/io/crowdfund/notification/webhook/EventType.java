package io.crowdfund.notification.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The webhook event types owners can subscribe to. */
public enum EventType {
    PLEDGE_CONFIRMED("pledge.confirmed"),
    PLEDGE_REFUNDED("pledge.refunded"),
    MILESTONE_ACHIEVED("milestone.achieved"),
    CAMPAIGN_CLOSED("campaign.closed"),
    CAMPAIGN_SETTLED("campaign.settled"),
    PING("ping");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    public static Optional<EventType> of(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }
}
