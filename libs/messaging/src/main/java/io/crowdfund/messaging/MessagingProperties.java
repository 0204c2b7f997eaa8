package io.crowdfund.messaging;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the messaging kit, under {@code crowdfund.messaging}.
 *
 * @param contractPackages packages scanned for message records (their simple names are wire type names)
 * @param partitions partitions of the topics a service declares (the unit of consumer parallelism)
 * @param relay the outbox relay
 * @param consumer retries of a failing message before it goes to the dead-letter topic
 * @param purge removal of old inbox ids
 */
@ConfigurationProperties("crowdfund.messaging")
public record MessagingProperties(
        @DefaultValue("io.crowdfund.contracts") List<String> contractPackages,
        @DefaultValue("8") int partitions,
        @DefaultValue Relay relay,
        @DefaultValue Consumer consumer,
        @DefaultValue Purge purge) {

    /**
     * @param enabled whether this instance runs a relay (replicas coordinate through the database)
     * @param pollInterval safety-net poll; commits wake the relay at once
     * @param batchSize rows published per relay transaction
     * @param publishTimeout how long a batch may wait for the broker's acknowledgements
     * @param lockRetry pause before asking again for the relay lock another replica holds
     */
    public record Relay(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("1000") int batchSize,
            @DefaultValue("10s") Duration publishTimeout,
            @DefaultValue("5ms") Duration lockRetry) {
    }

    /**
     * @param maxAttempts deliveries of a failing message (the first included) before dead-lettering it
     * @param initialBackOff pause after the first failure
     * @param multiplier growth of the pause per failure
     * @param maxBackOff longest pause
     * @param outage retries of messages that failed because the service's infrastructure (its
     *        database) is away, on the topics whose messages must not wait in a dead-letter topic
     */
    public record Consumer(
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("100ms") Duration initialBackOff,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("2s") Duration maxBackOff,
            @DefaultValue Outage outage) {
    }

    /**
     * Retries that outlast a database restart or fail-over, for money commands and the saga's
     * replies: a message failing for lack of its database is retried for {@code giveUpAfter} (the
     * pauses growing from {@code initialBackOff} to {@code maxBackOff}) before it goes to the
     * dead-letter topic. Only its partition waits meanwhile (paused, not slept on), so the consumer
     * keeps the others and its group membership; a message that fails for any other reason takes
     * the ordinary bounded retries, and an unreadable one goes to the dead-letter topic at once.
     *
     * @param topics consumed topics this applies to (the platform's command and reply topics)
     * @param initialBackOff pause after the first failure
     * @param multiplier growth of the pause per failure
     * @param maxBackOff longest pause
     * @param giveUpAfter how long the pauses may add up to before the message is dead-lettered
     */
    public record Outage(
            @DefaultValue({"wallet.commands", "campaign.commands", "pledge.commands", "pledge.replies"}) List<String> topics,
            @DefaultValue("1s") Duration initialBackOff,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("1m") Duration maxBackOff,
            @DefaultValue("5m") Duration giveUpAfter) {
    }

    /**
     * @param interval how often the purge runs
     * @param inboxRetention how long processed ids are kept; must exceed any redelivery window
     * @param batchSize rows deleted per statement
     */
    public record Purge(
            @DefaultValue("10m") Duration interval,
            @DefaultValue("7d") Duration inboxRetention,
            @DefaultValue("10000") int batchSize) {
    }
}
