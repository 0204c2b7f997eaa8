package io.crowdfund.messaging;

import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Bounded retries with exponential back-off, then the record goes to {@code <topic>.DLT} for operators
 * (counted as {@code messaging.dead.letters{topic}}).
 */
public final class DeadLetters {

    /** Suffix of every dead-letter topic. */
    public static final String SUFFIX = ".DLT";

    private DeadLetters() {
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template, MessagingProperties.Consumer settings, MeterRegistry meters) {
        var recoverer = new DeadLetterPublishingRecoverer(template, (record, failure) -> {
            meters.counter("messaging.dead.letters", "topic", record.topic()).increment();
            return new TopicPartition(topicFor(record.topic()), -1);
        });
        var backOff = new ExponentialBackOffWithMaxRetries(Math.max(0, settings.maxAttempts() - 1));
        backOff.setInitialInterval(settings.initialBackOff().toMillis());
        backOff.setMultiplier(settings.multiplier());
        backOff.setMaxInterval(settings.maxBackOff().toMillis());
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MessageDecodingException.class);
        return handler;
    }
}
