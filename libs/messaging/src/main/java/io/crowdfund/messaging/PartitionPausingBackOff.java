package io.crowdfund.messaging;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DefaultBackOffHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Waits out a failed record's back-off by pausing its partition rather than sleeping on the consumer
 * thread. Spring Kafka's default sleeps, which holds back every partition the consumer has, and a
 * pause longer than {@code max.poll.interval.ms} (5 minutes) would throw the consumer out of its
 * group. Paused, the consumer keeps polling: its other partitions go on and it stays a member; only
 * the failed record's partition waits, which per-key order needs anyway. Where the failed record is
 * unknown (a failure outside any record) it sleeps, as before.
 */
final class PartitionPausingBackOff implements BackOffHandler {

    private final ListenerContainerPauseService pauser;
    private final BackOffHandler sleeping = new DefaultBackOffHandler();

    PartitionPausingBackOff(ListenerContainerPauseService pauser) {
        this.pauser = pauser;
    }

    @Override
    public void onNextBackOff(MessageListenerContainer container, Exception exception, long nextBackOff) {
        ConsumerRecord<?, ?> record = failedRecord(exception);
        if (container == null || record == null) {
            sleeping.onNextBackOff(container, exception, nextBackOff);
        } else {
            pauser.pausePartition(container, new TopicPartition(record.topic(), record.partition()), Duration.ofMillis(nextBackOff));
        }
    }

    @Override
    public void onNextBackOff(MessageListenerContainer container, TopicPartition partition, long nextBackOff) {
        pauser.pausePartition(container, partition, Duration.ofMillis(nextBackOff));
    }

    private static ConsumerRecord<?, ?> failedRecord(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BatchListenerFailedException failed) {
                return failed.getRecord();
            }
        }
        return null;
    }
}
