package io.crowdfund.pledge.replica;

import java.util.Set;

import org.springframework.stereotype.Component;

import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignUpdated;
import io.crowdfund.messaging.InboundMessage;

/** Applies one campaign event to the replica; events the replica does not need are skipped. */
@Component
public class CampaignReplicaUpdates {

    private final CampaignReplicas replicas;

    CampaignReplicaUpdates(CampaignReplicas replicas) {
        this.replicas = replicas;
    }

    /** The event types {@link #apply} acts on (keep in step with its cases); the listener passes over the rest unread. */
    public static final Set<Class<?>> EVENTS = Set.of(CampaignCreated.class, CampaignUpdated.class, CampaignClosed.class);

    public void apply(InboundMessage<?> message) {
        switch (message.payload()) {
            case CampaignCreated created -> replicas.created(created);
            case CampaignUpdated updated -> replicas.updated(updated);
            case CampaignClosed closed -> replicas.closed(closed);
            default -> { }
        }
    }
}
