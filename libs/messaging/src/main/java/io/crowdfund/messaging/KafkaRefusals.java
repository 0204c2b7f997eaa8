package io.crowdfund.messaging;

import java.util.Set;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Which send failures are the record's own fault, so that sending it again can never succeed. An
 * allow-list, not "every non-retriable error": an authorization or configuration error is not
 * retriable either, but it refuses every record alike, and parking them all would empty the outbox
 * into the parked table instead of waiting for an operator to fix the access.
 */
final class KafkaRefusals {

    private static final Set<Class<? extends Exception>> PERMANENT = Set.of(
            RecordTooLargeException.class,      // over the producer's max.request.size or the topic's max.message.bytes
            RecordBatchTooLargeException.class, // a one-record batch over the broker's limit
            InvalidTopicException.class,        // a topic name Kafka can never accept
            InvalidRecordException.class,       // refused by the broker's record validation (e.g. no key on a compacted topic)
            SerializationException.class);

    private KafkaRefusals() {
    }

    /** Whether Kafka refused the record for good: it is parked instead of retried. */
    static boolean isPermanent(Throwable failure) {
        return failure != null && PERMANENT.stream().anyMatch(type -> type.isInstance(failure));
    }
}
