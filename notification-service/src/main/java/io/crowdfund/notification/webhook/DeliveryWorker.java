package io.crowdfund.notification.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.notification.NotificationProperties;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivers due webhook rows: claims a batch with {@code FOR UPDATE SKIP LOCKED} (and a lease, so other
 * replicas skip it while it is in flight), posts each on its own virtual thread, at most
 * {@code concurrency} at once and each within the timeout, so a slow receiver holds one permit and
 * never the others' deliveries. A 2xx is success; anything else is retried on the schedule, with
 * jitter, then DEAD. The webhook-id never changes between attempts.
 */
@Component
class DeliveryWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final JdbcClient sql;
    private final TransactionTemplate transactions;
    private final TargetPolicy targets;
    private final Clock clock;
    private final NotificationProperties.Webhooks settings;
    private final Semaphore permits;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final MeterRegistry meters;

    DeliveryWorker(JdbcClient sql, TransactionTemplate transactions, TargetPolicy targets, Clock clock, NotificationProperties properties,
            MeterRegistry meters) {
        this.sql = sql;
        this.transactions = transactions;
        this.targets = targets;
        this.clock = clock;
        this.settings = properties.webhooks();
        this.permits = new Semaphore(settings.concurrency());
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER)
                .executor(senders).build();
        this.meters = meters;
    }

    private record Due(UUID id, UUID eventId, String payload, int attempts, String url, String secret) {
    }

    @Scheduled(fixedDelayString = "${crowdfund.notification.webhooks.scan-interval:500ms}")
    void deliverDue() {
        int free = permits.availablePermits();
        if (free == 0) {
            return;
        }
        List<Due> due = transactions.execute(status -> {
            List<Due> claimed = sql.sql("""
                    select d.id, d.event_id, d.payload, d.attempts, w.url, w.secret
                    from webhook_deliveries d join webhooks w on w.id = d.webhook_id
                    where d.status in ('PENDING', 'FAILED') and d.next_attempt_at <= now()
                    order by d.next_attempt_at limit ? for update of d skip locked""").param(free)
                    .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getObject("event_id", UUID.class), rs.getString("payload"),
                            rs.getInt("attempts"), rs.getString("url"), rs.getString("secret")))
                    .list();
            Instant lease = clock.instant().plus(settings.timeout()).plusSeconds(30);
            claimed.forEach(d -> sql.sql("update webhook_deliveries set next_attempt_at = ? where id = ?")
                    .params(Timestamp.from(lease), d.id()).update());
            return claimed;
        });
        for (Due delivery : due) {
            permits.acquireUninterruptibly();
            senders.execute(() -> {
                try {
                    record(delivery, attempt(delivery));
                } catch (RuntimeException e) {
                    log.warn("Delivery {} could not be recorded; it is tried again after its lease: {}", delivery.id(), e.toString());
                } finally {
                    permits.release();
                }
            });
        }
    }

    /** Posts once; the receiver's status, or null if it did not answer in time (or may not be called). */
    private Integer attempt(Due delivery) {
        URI target = URI.create(delivery.url());
        try {
            if (!targets.allowed(target)) {
                return null;
            }
            String webhookId = WebhookEvents.webhookIdOf(delivery.eventId());
            long timestamp = clock.instant().getEpochSecond();
            var request = HttpRequest.newBuilder(target).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", Signatures.sign(delivery.secret(), webhookId, timestamp, delivery.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload())).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void record(Due delivery, Integer status) {
        boolean succeeded = status != null && status >= 200 && status < 300;
        int attempts = delivery.attempts() + 1;
        List<Duration> schedule = settings.schedule();
        String outcome = succeeded ? "SUCCEEDED" : attempts >= schedule.size() ? "DEAD" : "FAILED";
        Instant next = clock.instant().plus(succeeded || attempts >= schedule.size() ? Duration.ZERO : jittered(schedule.get(attempts)));
        sql.sql("""
                update webhook_deliveries set status = ?, attempts = ?, last_response_status = ?, next_attempt_at = ?, updated_at = now()
                where id = ?""").params(outcome, attempts, status, Timestamp.from(next), delivery.id()).update();
        meters.counter("webhook.deliveries", "outcome", outcome).increment();
    }

    /** The delay, give or take 10 %, so endpoints that failed together are not all retried in the same instant. */
    private static Duration jittered(Duration delay) {
        long millis = delay.toMillis();
        long spread = millis / 10;
        return Duration.ofMillis(spread == 0 ? millis : millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
    }

    @Override
    public void destroy() {
        senders.shutdown();
    }
}
