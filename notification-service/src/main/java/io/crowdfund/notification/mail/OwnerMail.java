package io.crowdfund.notification.mail;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.MilestoneAchieved;
import io.crowdfund.contracts.closure.CampaignSettled;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.web.MoneyProperties;

/**
 * Decides which email an owner gets for an event and queues it in the caller's transaction, keyed by
 * the event's message id so a redelivered event queues nothing new. Pledge emails follow the owner's
 * preference: each, into the daily digest, or none.
 */
@Component
public class OwnerMail {

    private final Emails emails;
    private final Preferences preferences;
    private final Digests digests;
    private final String currency;

    OwnerMail(Emails emails, Preferences preferences, Digests digests, MoneyProperties money) {
        this.emails = emails;
        this.preferences = preferences;
        this.digests = digests;
        this.currency = money.currency();
    }

    /**
     * Queues the emails of a batch's confirmed pledges (by event id): the owners' preferences are read
     * once, and the pledges for digests are collected in one statement.
     */
    public void pledgesConfirmed(Map<UUID, PledgeConfirmed> byEventId) {
        if (byEventId.isEmpty()) {
            return;
        }
        Set<UUID> owners = new HashSet<>();
        byEventId.values().forEach(e -> owners.add(e.ownerId()));
        Map<UUID, PledgeEmails> choices = preferences.pledgeEmails(owners);
        List<PledgeConfirmed> forDigests = new ArrayList<>();
        byEventId.forEach((eventId, e) -> {
            switch (choices.getOrDefault(e.ownerId(), PledgeEmails.EACH)) {
                case EACH -> emails.queue(e.ownerId(), MailKind.PLEDGE_CONFIRMED, "event:" + eventId, model(
                        "pledgeId", e.pledgeId(), "campaignId", e.campaignId(), "rewardTierId", e.rewardTierId(), "amount", e.amount(),
                        "currency", e.currency(), "campaignFunds", e.campaignFunds(), "backerCount", e.backerCount()));
                case DAILY_DIGEST -> forDigests.add(e);
                case OFF -> { }
            }
        });
        digests.add(forDigests);
    }

    public void milestoneAchieved(UUID eventId, MilestoneAchieved e) {
        emails.queue(e.ownerId(), MailKind.MILESTONE_ACHIEVED, "event:" + eventId, model(
                "campaignId", e.campaignId(), "milestoneTitle", e.title(), "target", e.target(), "campaignFunds", e.currentFunds(),
                "currency", currency));
    }

    public void campaignClosed(UUID eventId, CampaignClosed e) {
        boolean successful = e.outcome() == CampaignOutcome.SUCCESSFUL;
        emails.queue(e.ownerId(), MailKind.CAMPAIGN_CLOSED, "event:" + eventId, model(
                "campaignId", e.campaignId(), "successful", successful,
                "outcomeText", successful ? "successful, the goal was reached" : "not funded, the goal was not reached",
                "goal", e.goal(), "campaignFunds", e.currentFunds(), "backerCount", e.backerCount(), "currency", currency));
    }

    public void campaignSettled(UUID eventId, CampaignSettled e) {
        emails.queue(e.ownerId(), MailKind.CAMPAIGN_SETTLED, "event:" + eventId, model(
                "campaignId", e.campaignId(), "successful", e.outcome() == CampaignOutcome.SUCCESSFUL, "pledgesSettled", e.pledgesSettled(),
                "amountPaidOut", e.amountPaidOut(), "platformFee", e.fee(), "amountRefunded", e.amountRefunded(), "currency", currency));
    }

    /** The owner's endpoint was disabled after failing since {@code failingSince}. */
    public void endpointDisabled(UUID ownerId, UUID webhookId, String url, Instant failingSince) {
        emails.queue(ownerId, MailKind.ENDPOINT_DISABLED, "endpoint-disabled:" + webhookId + ":" + failingSince, model(
                "webhookId", webhookId, "url", url, "failingSince", failingSince));
    }

    /** Template values: amounts as exact strings, ids and instants as text, booleans and numbers as they are. */
    static Map<String, Object> model(Object... pairs) {
        Map<String, Object> model = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value != null) {
                model.put((String) pairs[i], value instanceof BigDecimal amount ? amount.toPlainString()
                        : value instanceof Boolean || value instanceof Number ? value : value.toString());
            }
        }
        return model;
    }
}
