package io.crowdfund.messaging;

import java.util.Arrays;
import java.util.stream.Stream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.TopicPartitionOffset;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Registers {@code messaging.dead.letters{topic}} at 0 for every topic the service's listeners
 * consume, before they start. A series born at its first dead letter shows no {@code increase()}, so
 * the dead-letter alert would miss each pod's first one.
 */
final class DeadLetterCounters implements SmartLifecycle {

    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final MeterRegistry meters;
    private volatile boolean running;

    DeadLetterCounters(ObjectProvider<KafkaListenerEndpointRegistry> listeners, MeterRegistry meters) {
        this.listeners = listeners;
        this.meters = meters;
    }

    @Override
    public void start() {
        listeners.ifAvailable(registry -> registry.getAllListenerContainers().stream().flatMap(DeadLetterCounters::topicsOf).distinct()
                .forEach(topic -> DeadLetters.counter(meters, topic)));
        running = true;
    }

    private static Stream<String> topicsOf(MessageListenerContainer container) {
        var properties = container.getContainerProperties();
        if (properties.getTopics() != null) {
            return Arrays.stream(properties.getTopics());
        }
        TopicPartitionOffset[] partitions = properties.getTopicPartitions();
        return partitions == null ? Stream.empty() : Arrays.stream(partitions).map(TopicPartitionOffset::getTopic);
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the listener containers start. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }
}
