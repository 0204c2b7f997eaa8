package io.crowdfund.notification.mail;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.notification.contact.Contacts;
import io.crowdfund.notification.mail.DigestStore.Item;

/**
 * Daily digests for owners who chose them: confirmed pledges are collected as they come, and at the
 * digest time each owner's pledges of the day before it become one email. Taking an owner's pledges
 * and queueing the email is one transaction (rows are deleted as they are taken), so on several
 * replicas every pledge is in exactly one digest.
 */
@Component
public class Digests implements SchedulingConfigurer {

    private final DigestStore store;
    private final TransactionTemplate transactions;
    private final Emails emails;
    private final Contacts contacts;
    private final Clock clock;
    private final NotificationProperties.Mail settings;

    Digests(DigestStore store, TransactionTemplate transactions, Emails emails, Contacts contacts, Clock clock, NotificationProperties properties) {
        this.store = store;
        this.transactions = transactions;
        this.emails = emails;
        this.contacts = contacts;
        this.clock = clock;
        this.settings = properties.mail();
    }

    /** Collects confirmed pledges for their owners' next digests, in one batched statement. */
    void add(List<PledgeConfirmed> pledges) {
        if (pledges.isEmpty()) {
            return;
        }
        store.add(pledges);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::sendDue, settings.digestScanInterval());
    }

    void sendDue() {
        sendDue(clock.instant());
    }

    /** Queues the digest of every owner with pledges collected before the latest digest time at or before {@code now}; how many. */
    public int sendDue(Instant now) {
        Instant cutoff = latestDigestTime(now);
        List<UUID> owners = store.ownersWithItemsBefore(cutoff);
        int sent = 0;
        for (UUID owner : owners) {
            Boolean queued = transactions.execute(status -> queueDigest(owner, cutoff));
            sent += Boolean.TRUE.equals(queued) ? 1 : 0;
        }
        return sent;
    }

    Instant latestDigestTime(Instant now) {
        ZonedDateTime today = now.atZone(settings.digestZone()).with(settings.digestTime());
        return (today.toInstant().isAfter(now) ? today.minusDays(1) : today).toInstant();
    }

    private boolean queueDigest(UUID owner, Instant cutoff) {
        List<Item> items = store.take(owner, cutoff);
        if (items.isEmpty()) {
            return false; // another replica took them
        }
        Map<UUID, List<Item>> byCampaign = new LinkedHashMap<>();
        items.forEach(item -> byCampaign.computeIfAbsent(item.campaignId(), id -> new ArrayList<>()).add(item));
        List<Map<String, Object>> campaigns = new ArrayList<>();
        byCampaign.forEach((campaignId, pledges) -> {
            // the totals as of the newest pledge (within one consumed batch, the highest)
            Item latest = pledges.stream().max(Comparator.comparing(Item::createdAt).thenComparing(Item::campaignFunds)).orElseThrow();
            campaigns.add(OwnerMail.model("campaignId", campaignId,
                    "campaignTitle", contacts.campaignTitle(campaignId).orElse("Campaign " + campaignId),
                    "pledgeCount", pledges.size(), "amount", pledges.stream().map(Item::amount).reduce(BigDecimal.ZERO, BigDecimal::add),
                    "currency", latest.currency(), "campaignFunds", latest.campaignFunds(), "backerCount", latest.backerCount()));
        });
        Map<String, Object> model = OwnerMail.model("pledgeCount", items.size(), "digestOf", cutoff);
        model.put("campaigns", campaigns);
        emails.queue(owner, MailKind.PLEDGE_DIGEST, "digest:" + owner + ":" + cutoff, model);
        return true;
    }
}
