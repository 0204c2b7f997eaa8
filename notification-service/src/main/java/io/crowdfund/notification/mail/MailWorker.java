package io.crowdfund.notification.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.Scans;
import io.crowdfund.notification.Attempts;
import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.notification.RetrySchedule;
import io.crowdfund.notification.contact.Contacts;
import io.crowdfund.notification.mail.Emails.Claimed;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.core.type.TypeReference;

/**
 * Sends due emails: claims a batch with {@code FOR UPDATE SKIP LOCKED} and a lease (other replicas skip
 * it meanwhile), renders each with what the replicas know (the owner's address, the campaign's and
 * tier's titles) and sends the batch over one SMTP connection. A failure (the server refusing, or an
 * owner whose address has not arrived yet) is retried on the mail schedule, then DEAD. A failure is
 * the failing email's alone: one that cannot be read, rendered, sent or recorded never stops the
 * others of its batch from being sent and recorded once. An email is sent twice only if the service
 * dies (or its database is away) between the SMTP server's answer and the row's update.
 */
@Component
class MailWorker implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);
    private static final TypeReference<Map<String, Object>> MODEL = new TypeReference<>() { };
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** The widths of {@code emails.last_error} and {@code emails.subject}. */
    private static final int ERROR_WIDTH = 500;
    private static final int SUBJECT_WIDTH = 300;

    private final Emails emails;
    private final TransactionTemplate transactions;
    private final JavaMailSender sender;
    private final MailTemplates templates;
    private final Contacts contacts;
    private final Clock clock;
    private final NotificationProperties.Mail settings;
    private final RetrySchedule schedule;
    private final MeterRegistry meters;

    MailWorker(Emails emails, TransactionTemplate transactions, JavaMailSender sender, MailTemplates templates, Contacts contacts,
            Clock clock, NotificationProperties properties, MeterRegistry meters) {
        this.emails = emails;
        this.transactions = transactions;
        this.sender = sender;
        this.templates = templates;
        this.contacts = contacts;
        this.clock = clock;
        this.settings = properties.mail();
        this.schedule = settings.retrySchedule();
        this.meters = meters;
    }

    /** An email ready to go, or why it cannot be sent (yet). */
    private record Prepared(Claimed email, String subject, MimeMessage message, String problem) {
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::sendDue, settings.scanInterval());
    }

    void sendDue() {
        Scans.drain(TransactionOperations.withoutTransaction(), status -> sendBatch(), log, "Sending due emails");
    }

    /** Claims a batch of due emails and sends it; true if the batch was full. */
    private boolean sendBatch() {
        Instant lease = clock.instant().plus(LEASE);
        List<Claimed> due = transactions.execute(status -> emails.claim(settings.batchSize(), lease));
        if (!due.isEmpty()) {
            send(due);
        }
        return due.size() == settings.batchSize();
    }

    /**
     * Sends what could be prepared over one connection, then records every email of the batch on its
     * own: a failure of one (rendering it, the server refusing it, recording it) is that email's alone,
     * and every other one is recorded as what it was, so none is sent again.
     */
    private void send(List<Claimed> due) {
        List<Prepared> prepared = due.stream().map(this::prepareOrFail).toList();
        List<Prepared> ready = prepared.stream().filter(p -> p.problem() == null).toList();
        Map<Object, Exception> failed = new HashMap<>();
        if (!ready.isEmpty()) {
            try {
                sender.send(ready.stream().map(Prepared::message).toArray(MimeMessage[]::new));
            } catch (MailSendException e) {
                failed.putAll(e.getFailedMessages());
                if (failed.isEmpty()) {
                    ready.forEach(p -> failed.put(p.message(), e));
                }
            } catch (RuntimeException e) { // the server unreachable, or anything else: none of them known to be sent
                ready.forEach(p -> failed.put(p.message(), e));
            }
        }
        for (Prepared email : prepared) {
            String problem = email.problem() != null ? email.problem()
                    : failed.containsKey(email.message()) ? String.valueOf(failed.get(email.message()).getMessage()) : null;
            recordOrLog(email, problem);
        }
    }

    private Prepared prepareOrFail(Claimed email) {
        try {
            return prepare(email);
        } catch (RuntimeException e) {
            return new Prepared(email, null, null, "could not be rendered: " + e);
        }
    }

    private Prepared prepare(Claimed email) {
        Optional<Contacts.Contact> contact = contacts.contact(email.ownerId());
        if (contact.isEmpty()) {
            return new Prepared(email, null, null, "the owner's address is not known yet");
        }
        MailKind kind = MailKind.valueOf(email.kind());
        Map<String, Object> values = new LinkedHashMap<>(Emails.JSON.readValue(email.model(), MODEL));
        values.put("ownerName", contact.get().username());
        if (values.get("campaignId") instanceof String campaignId) {
            Optional<String> title = contacts.campaignTitle(UUID.fromString(campaignId));
            if (title.isEmpty()) {
                return new Prepared(email, null, null, "campaign " + campaignId + " is not known yet");
            }
            values.put("campaignTitle", title.get());
        }
        if (values.get("rewardTierId") instanceof String tierId) {
            Optional<String> title = contacts.rewardTierTitle(UUID.fromString(tierId));
            if (title.isEmpty()) {
                return new Prepared(email, null, null, "reward tier " + tierId + " is not known yet");
            }
            values.put("rewardTierTitle", title.get());
        }
        var rendered = templates.render(kind, values);
        try {
            MimeMessage message = sender.createMimeMessage();
            var helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(settings.from());
            helper.setTo(contact.get().email());
            helper.setSubject(rendered.subject());
            helper.setText(rendered.text(), rendered.html());
            message.setHeader("X-Crowdfund-Email-Id", email.id().toString());
            return new Prepared(email, rendered.subject(), message, null);
        } catch (MessagingException e) {
            return new Prepared(email, null, null, "could not be composed: " + e.getMessage());
        }
    }

    /**
     * Records the email's outcome. Should the row refuse it (a text PostgreSQL cannot hold), the
     * outcome is recorded without the texts; should that fail too (the database is away), the email is
     * logged and the others are still recorded.
     */
    private void recordOrLog(Prepared email, String problem) {
        Attempts next = email.email().attempts().after(problem == null, schedule, clock.instant());
        String status = Emails.status(next.state());
        if (next.state() == Attempts.State.DEAD) {
            log.warn("Email {} ({}) not sent after {} attempts, DEAD: {}", email.email().id(), email.email().kind(), next.count(), problem);
        } else if (problem != null) {
            log.info("Email {} ({}) not sent, tried again later: {}", email.email().id(), email.email().kind(), problem);
        }
        try {
            emails.attempted(email.email().id(), next, column(problem, ERROR_WIDTH), column(email.subject(), SUBJECT_WIDTH));
        } catch (DataAccessException refused) {
            log.warn("Email {} ({}) {}; recorded without its texts", email.email().id(), email.email().kind(), status, refused);
            try {
                emails.attempted(email.email().id(), next, problem == null ? null : "(the error could not be recorded)", null);
            } catch (DataAccessException away) {
                log.error("Email {} ({}) {} but could not be recorded; it is claimed again once its lease ends", email.email().id(),
                        email.email().kind(), status, away);
                return;
            }
        }
        meters.counter("notification.emails", "kind", email.email().kind(), "outcome", status).increment();
    }

    /** The text as a column of that width holds it: without NUL characters, cut to the width (never inside a character). */
    static String column(String text, int width) {
        if (text == null) {
            return null;
        }
        String clean = text.replace("\0", "");
        if (clean.length() <= width) {
            return clean;
        }
        int cut = width - 1; // room for the ellipsis
        if (Character.isLowSurrogate(clean.charAt(cut))) {
            cut--;
        }
        return clean.substring(0, cut) + "…";
    }
}
