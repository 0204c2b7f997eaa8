package io.crowdfund.notification.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.hc.core5.ssl.SSLContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.Scans;
import io.crowdfund.notification.Attempts;
import io.crowdfund.notification.NotificationProperties;
import io.crowdfund.notification.RetrySchedule;
import io.crowdfund.notification.mail.OwnerMail;
import io.crowdfund.notification.webhook.Deliveries.Claimed;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Delivers due webhook rows: claims a batch with {@code FOR UPDATE SKIP LOCKED} (and a lease, so other
 * replicas skip it while it is in flight), posts each on its own virtual thread, at most
 * {@code concurrency} at once and each within the timeout, so a slow receiver holds one permit and
 * never the others' deliveries; it keeps claiming while it finds full batches. A 2xx is success;
 * anything else is retried on the schedule, with jitter, then DEAD. The webhook-id never changes
 * between attempts. While an endpoint's circuit is open no request is made: the attempt fails at once.
 * Each attempt looks the endpoint's host up once and connects to the address it checked
 * ({@link TargetPolicy}, {@link WebhookClient}); it signs with the endpoint's secret, decrypted for it.
 * An endpoint failing for longer than {@code disableAfter} is disabled and its owner emailed.
 */
@Component
class DeliveryWorker implements DisposableBean, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Deliveries deliveries;
    private final TransactionTemplate transactions;
    private final TargetPolicy targets;
    private final SigningSecrets secrets;
    private final EndpointBreakers breakers;
    private final OwnerMail mail;
    private final Clock clock;
    private final NotificationProperties.Webhooks settings;
    private final RetrySchedule schedule;
    private final Semaphore permits;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final WebhookClient http;
    private final MeterRegistry meters;
    private volatile boolean running = true;

    DeliveryWorker(Deliveries deliveries, TransactionTemplate transactions, TargetPolicy targets, SigningSecrets secrets, EndpointBreakers breakers,
            OwnerMail mail, Clock clock, NotificationProperties properties, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.transactions = transactions;
        this.targets = targets;
        this.secrets = secrets;
        this.breakers = breakers;
        this.mail = mail;
        this.clock = clock;
        this.settings = properties.webhooks();
        this.schedule = settings.retrySchedule();
        this.permits = new Semaphore(settings.concurrency());
        this.http = new WebhookClient(settings.timeout(), settings.concurrency(), SSLContexts.createDefault());
        this.meters = meters;
    }

    /** What one attempt came to: the receiver's status (null if it did not answer) and, unless a 2xx, why it failed. */
    private record Attempt(Integer status, String error) {

        boolean succeeded() {
            return error == null;
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::deliverDue, settings.scanInterval());
    }

    void deliverDue() {
        Scans.drain(TransactionOperations.withoutTransaction(), status -> dispatchBatch() && running, log, "Delivering due webhooks");
    }

    /** Claims as many due deliveries as there are free senders (at least one) and sends them; true if it found that many. */
    private boolean dispatchBatch() {
        permits.acquireUninterruptibly(); // wait for at least one free sender
        int wanted = permits.availablePermits() + 1;
        permits.release();
        Instant lease = clock.instant().plus(settings.timeout()).plusSeconds(30);
        List<Claimed> due = transactions.execute(status -> deliveries.claim(wanted, lease));
        for (Claimed delivery : due) {
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
        return due.size() == wanted;
    }

    /** Posts once, unless the endpoint's circuit is open or its address may not be called. */
    private Attempt attempt(Claimed delivery) {
        var breaker = breakers.of(delivery.webhookId());
        if (!breaker.tryAcquirePermission()) {
            return new Attempt(null, "circuit open: the endpoint failed most recent attempts; no request made");
        }
        long started = System.nanoTime();
        Attempt attempt = post(delivery);
        long took = System.nanoTime() - started;
        if (attempt.succeeded()) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                // this success filled the window, still mostly failures from before: the endpoint answers
                // again, so it is not cut off now (a success never opens the circuit; a failure still can)
                breaker.transitionToClosedState();
            }
        } else {
            breaker.onError(took, TimeUnit.NANOSECONDS, new IOException(attempt.error()));
        }
        return attempt;
    }

    private Attempt post(Claimed delivery) {
        try {
            var target = targets.resolve(URI.create(delivery.url()));
            String webhookId = WebhookEvents.webhookIdOf(delivery.eventId());
            long timestamp = clock.instant().getEpochSecond();
            String signature = Signatures.sign(secret(delivery), webhookId, timestamp, delivery.payload());
            int status = http.post(target, Map.of("webhook-id", webhookId, "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", signature), delivery.payload());
            return new Attempt(status, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (TargetPolicy.NotGloballyRoutable e) {
            return new Attempt(null, "refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            return new Attempt(null, "the endpoint's host does not resolve: " + e.getMessage());
        } catch (InterruptedIOException e) {
            return new Attempt(null, "no answer within " + settings.timeout().toMillis() + " ms");
        } catch (GeneralSecurityException e) {
            return new Attempt(null, "the signing secret does not decrypt (key " + delivery.secretKeyId() + " is not configured, or it was altered)");
        } catch (IOException | RuntimeException e) {
            return new Attempt(null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private String secret(Claimed delivery) throws GeneralSecurityException {
        return delivery.sealedSecret() == null ? delivery.plainSecret() : secrets.open(delivery.webhookId(), delivery.sealedSecret());
    }

    private void record(Claimed delivery, Attempt attempt) {
        Attempts next = delivery.attempts().after(attempt.succeeded(), schedule, clock.instant());
        transactions.executeWithoutResult(tx -> {
            deliveries.attempted(delivery.id(), next, attempt.status(), attempt.error() == null ? null : truncate(attempt.error()));
            if (attempt.succeeded() && delivery.endpointFailing()) {
                deliveries.endpointAnswered(delivery.webhookId());
            } else if (!attempt.succeeded()) {
                failed(delivery);
            }
        });
        meters.counter("webhook.deliveries", "outcome", next.state().name()).increment();
    }

    /** Starts or continues the endpoint's failing streak; a streak longer than {@code disableAfter} disables it. */
    private void failed(Claimed delivery) {
        Instant failingSince = deliveries.endpointFailed(delivery.webhookId()).orElse(null);
        if (failingSince == null || failingSince.isAfter(clock.instant().minus(settings.disableAfter()))) {
            return;
        }
        if (deliveries.disable(delivery.webhookId())) {
            mail.endpointDisabled(delivery.ownerId(), delivery.webhookId(), delivery.url(), failingSince);
            breakers.forget(delivery.webhookId());
            log.warn("Webhook {} of owner {} disabled: failing since {}", delivery.webhookId(), delivery.ownerId(), failingSince);
        }
    }

    private static String truncate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300);
    }

    @Override
    public void destroy() {
        running = false;
        senders.shutdown();
        http.close();
    }
}
