package io.crowdfund.messaging;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Bounded retries with exponential back-off, then the record goes to {@code <topic>.DLT} for operators
 * (counted as {@code messaging.dead.letters{topic}}). Records that can never be read go there at once.
 * On the outage topics ({@link MessagingProperties.Outage}: money commands and the saga's replies), a
 * record that failed because the database is away is retried for minutes instead, long enough to
 * outlast a restart or a fail-over, with only its partition paused meanwhile.
 */
public final class DeadLetters {

    /** Suffix of every dead-letter topic. */
    public static final String SUFFIX = ".DLT";

    /** Counter of the messages of a topic sent to its dead-letter topic, tagged {@code topic}. */
    static final String COUNTER = "messaging.dead.letters";

    /** PostgreSQL's SQLSTATE classes and codes of a database that is away or overloaded, not of a bad message. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01");
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53");

    private DeadLetters() {
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, MessagingProperties.Consumer settings, MeterRegistry meters,
            TaskScheduler scheduler) {
        var recoverer = new DeadLetterPublishingRecoverer(template, (record, failure) -> {
            counter(meters, record.topic()).increment();
            return new TopicPartition(topicFor(record.topic()), -1);
        });
        var backOff = new ExponentialBackOffWithMaxRetries(Math.max(0, settings.maxAttempts() - 1));
        backOff.setInitialInterval(settings.initialBackOff().toMillis());
        backOff.setMultiplier(settings.multiplier());
        backOff.setMaxInterval(settings.maxBackOff().toMillis());
        var handler = new DefaultErrorHandler(recoverer, backOff, new PartitionPausingBackOff(new ListenerContainerPauseService(null, scheduler)));
        handler.addNotRetryableExceptions(MessageDecodingException.class);
        BackOff outageBackOff = outageBackOff(settings.outage());
        Set<String> outageTopics = Set.copyOf(settings.outage().topics());
        handler.setBackOffFunction((record, failure) -> backOffFor(record, failure, outageTopics, outageBackOff));
        return handler;
    }

    /** The outage back-off for a record of an outage topic that failed for lack of its database; null for the ordinary one. */
    static BackOff backOffFor(ConsumerRecord<?, ?> record, Throwable failure, Set<String> outageTopics, BackOff outageBackOff) {
        return outageTopics.contains(record.topic()) && isInfrastructureFailure(failure) ? outageBackOff : null;
    }

    /** The dead-letter counter of a consumed topic (registered at start-up by {@link DeadLetterCounters}). */
    static Counter counter(MeterRegistry meters, String topic) {
        return Counter.builder(COUNTER).tag("topic", topic).description("Messages sent to the topic's dead-letter topic").register(meters);
    }

    static BackOff outageBackOff(MessagingProperties.Outage outage) {
        var backOff = new ExponentialBackOff(outage.initialBackOff().toMillis(), outage.multiplier());
        backOff.setMaxInterval(outage.maxBackOff().toMillis());
        backOff.setMaxElapsedTime(outage.giveUpAfter().toMillis());
        return backOff;
    }

    /**
     * Whether a failure says the service's database (or the network to it) is away, rather than
     * anything about the message: no connection, a connection lost, a database shutting down or
     * starting up, a transient lock or serialization conflict.
     */
    static boolean isInfrastructureFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof RecoverableDataAccessException || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() == 5
                    && (UNAVAILABLE_STATES.contains(sql.getSQLState()) || UNAVAILABLE_CLASSES.contains(sql.getSQLState().substring(0, 2)))) {
                return true;
            }
        }
        return false;
    }
}
