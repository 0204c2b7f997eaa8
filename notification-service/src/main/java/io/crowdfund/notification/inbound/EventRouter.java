package io.crowdfund.notification.inbound;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignUpdated;
import io.crowdfund.contracts.campaign.MilestoneAchieved;
import io.crowdfund.contracts.closure.CampaignSettled;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.contracts.pledge.PledgeRefunded;
import io.crowdfund.contracts.wallet.UserRegistered;
import io.crowdfund.messaging.InboundMessage;
import io.crowdfund.notification.contact.Contacts;
import io.crowdfund.notification.mail.OwnerMail;
import io.crowdfund.notification.webhook.EventType;
import io.crowdfund.notification.webhook.WebhookEvents;

/**
 * Applies a consumed batch of the other services' events inside the consumer's transaction:
 * contacts, campaign ownership and tier titles are replicated; what owners are told about is queued
 * for their endpoints (with the event's message id as the webhook event id) and as their email. The
 * batch's owners' endpoints and mail preferences are read once, and its feed, delivery and digest
 * rows are written in one batched statement per table.
 */
@Component
public class EventRouter {

    private final Contacts contacts;
    private final WebhookEvents webhooks;
    private final OwnerMail mail;
    private final Clock clock;

    EventRouter(Contacts contacts, WebhookEvents webhooks, OwnerMail mail, Clock clock) {
        this.contacts = contacts;
        this.webhooks = webhooks;
        this.mail = mail;
        this.clock = clock;
    }

    /** The event types {@link #apply} acts on (keep in step with its cases); the listener passes over the rest unread. */
    public static final Set<Class<?>> EVENTS = Set.of(UserRegistered.class, CampaignCreated.class, CampaignUpdated.class,
            PledgeConfirmed.class, PledgeRefunded.class, MilestoneAchieved.class, CampaignClosed.class, CampaignSettled.class);

    public void apply(List<InboundMessage<?>> events) {
        Set<UUID> owners = new HashSet<>();
        events.forEach(message -> ownerOf(message.payload()).ifPresent(owners::add));
        WebhookEvents.Publication publication = webhooks.publication(owners);
        Map<UUID, PledgeConfirmed> confirmed = new LinkedHashMap<>();
        for (InboundMessage<?> message : events) {
            replicate(message);
            publish(publication, message);
            switch (message.payload()) {
                case PledgeConfirmed e -> confirmed.put(message.id(), e);
                case MilestoneAchieved e -> mail.milestoneAchieved(message.id(), e);
                case CampaignClosed e -> mail.campaignClosed(message.id(), e);
                case CampaignSettled e -> mail.campaignSettled(message.id(), e);
                default -> { }
            }
        }
        webhooks.write(publication);
        mail.pledgesConfirmed(confirmed);
    }

    private void replicate(InboundMessage<?> message) {
        switch (message.payload()) {
            case UserRegistered e -> contacts.userRegistered(e.userId(), e.username(), e.email());
            case CampaignCreated e -> contacts.campaignOwned(e.campaignId(), e.ownerId(), e.title(), e.rewardTiers());
            case CampaignUpdated e -> contacts.campaignOwned(e.campaignId(), e.ownerId(), e.title(), e.rewardTiers());
            default -> { }
        }
    }

    private void publish(WebhookEvents.Publication publication, InboundMessage<?> message) {
        switch (message.payload()) {
            case PledgeConfirmed e -> publication.publish(e.ownerId(), message.id(), EventType.PLEDGE_CONFIRMED, data(
                    "pledgeId", e.pledgeId(), "campaignId", e.campaignId(), "backerId", e.backerId(), "amount", e.amount(),
                    "currency", e.currency(), "rewardTierId", e.rewardTierId(), "campaignFunds", e.campaignFunds(),
                    "backerCount", e.backerCount()), "Pledge of %s %s confirmed".formatted(e.amount(), e.currency()), clock.instant());
            case PledgeRefunded e -> publication.publish(e.ownerId(), message.id(), EventType.PLEDGE_REFUNDED, data(
                    "pledgeId", e.pledgeId(), "campaignId", e.campaignId(), "backerId", e.backerId(), "amount", e.amount(),
                    "currency", e.currency(), "campaignFunds", e.campaignFunds(), "backerCount", e.backerCount()),
                    "Pledge of %s %s refunded".formatted(e.amount(), e.currency()), clock.instant());
            case MilestoneAchieved e -> publication.publish(e.ownerId(), message.id(), EventType.MILESTONE_ACHIEVED, data(
                    "campaignId", e.campaignId(), "milestoneId", e.milestoneId(), "title", e.title(), "target", e.target(),
                    "campaignFunds", e.currentFunds()), "Milestone '%s' achieved".formatted(e.title()), clock.instant());
            case CampaignClosed e -> publication.publish(e.ownerId(), message.id(), EventType.CAMPAIGN_CLOSED, data(
                    "campaignId", e.campaignId(), "outcome", e.outcome(), "goal", e.goal(), "campaignFunds", e.currentFunds(),
                    "backerCount", e.backerCount()), "Campaign '%s' closed: %s".formatted(e.title(), e.outcome()), clock.instant());
            case CampaignSettled e -> publication.publish(e.ownerId(), message.id(), EventType.CAMPAIGN_SETTLED, data(
                    "campaignId", e.campaignId(), "outcome", e.outcome(), "pledgesSettled", e.pledgesSettled(),
                    "amountRefunded", e.amountRefunded(), "amountPaidOut", e.amountPaidOut(), "platformFee", e.fee()),
                    "Campaign settled: %s".formatted(e.outcome()), clock.instant());
            default -> { }
        }
    }

    /** The owner an event tells about, for the events owners are told about. */
    private static Optional<UUID> ownerOf(Object event) {
        return Optional.ofNullable(switch (event) {
            case PledgeConfirmed e -> e.ownerId();
            case PledgeRefunded e -> e.ownerId();
            case MilestoneAchieved e -> e.ownerId();
            case CampaignClosed e -> e.ownerId();
            case CampaignSettled e -> e.ownerId();
            default -> null;
        });
    }

    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            data.put((String) pairs[i], pairs[i + 1]);
        }
        return data;
    }
}
