package io.crowdfund.notification;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * notification-service settings, under {@code crowdfund.notification}.
 *
 * @param webhooks how webhook deliveries are made and retried
 * @param mail how owners' emails are sent
 */
@ConfigurationProperties("crowdfund.notification")
public record NotificationProperties(@DefaultValue Webhooks webhooks, @DefaultValue Mail mail) {

    /**
     * @param schedule when each attempt is made, counted from the previous one (the first is the
     *        delay of the first attempt); after the last the delivery is DEAD
     * @param timeout how long a receiver has to answer with a 2xx
     * @param concurrency deliveries in flight at once on this replica
     * @param scanInterval how often due deliveries are looked for
     * @param allowPrivateTargets whether endpoints may resolve to addresses that are not globally routable
     *        (loopback, private, link-local and the other special-purpose ranges)
     * @param breaker when an endpoint's circuit opens (no request is made while it is open)
     * @param disableAfter how long an endpoint may keep failing before it is disabled and its owner emailed
     * @param maxPerOwner most endpoints one user may have registered
     * @param secrets how the endpoints' signing secrets are encrypted at rest
     */
    public record Webhooks(List<Duration> schedule,
            Duration timeout, int concurrency, Duration scanInterval,
            boolean allowPrivateTargets, @DefaultValue Breaker breaker, Duration disableAfter,
            int maxPerOwner, @DefaultValue Secrets secrets) {

        public RetrySchedule retrySchedule() {
            return new RetrySchedule(schedule);
        }
    }

    /**
     * Signing secrets are kept encrypted with AES-256-GCM (Google Tink), the webhook's id as associated data.
     *
     * @param keys the keys as {@code id:base64} pairs (an id from 1 up, 32 random bytes), separated by
     *        commas: the first encrypts, the others only decrypt, so keys rotate. Required unless
     *        {@code developmentKey} allows a generated one
     * @param developmentKey development only: without {@code keys}, encrypt with a generated key instead of refusing to start
     * @param developmentKeyFile where that generated key is kept, so secrets survive a restart; empty: a key of this process only
     * @param reencryptInterval how often secrets still in plaintext, or under a key older than the first, are encrypted
     *        under the first (also at start-up)
     */
    public record Secrets(String keys, boolean developmentKey,
            String developmentKeyFile, Duration reencryptInterval) {

        @Override
        public String toString() {
            return "Secrets[keys=" + (keys.isBlank() ? "none" : "(hidden)") + ", developmentKey=" + developmentKey + ", developmentKeyFile="
                    + developmentKeyFile + ", reencryptInterval=" + reencryptInterval + "]";
        }
    }

    /**
     * A circuit breaker per endpoint, over its most recent attempts.
     *
     * @param failureRate the percentage of failed attempts that opens the circuit
     * @param minimumAttempts how many attempts are counted before the rate is judged (and the window's size)
     * @param openFor how long the circuit stays open before a few trial attempts are let through
     */
    public record Breaker(float failureRate, int minimumAttempts,
            Duration openFor) {
    }

    /**
     * @param from the sender of every email
     * @param schedule when each attempt to send an email is made (as for webhooks); after the last it is DEAD
     * @param scanInterval how often due emails are looked for
     * @param batchSize how many emails are sent over one SMTP connection
     * @param digestTime when owners who chose a daily digest get it
     * @param digestZone the time zone of {@code digestTime}
     * @param digestScanInterval how often due digests are looked for
     */
    public record Mail(String from,
            List<Duration> schedule, Duration scanInterval,
            @DefaultValue("50") int batchSize, LocalTime digestTime, ZoneId digestZone,
            @DefaultValue("1m") Duration digestScanInterval) {

        public RetrySchedule retrySchedule() {
            return new RetrySchedule(schedule);
        }
    }
}
