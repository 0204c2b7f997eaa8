package io.crowdfund.messaging;

import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Wires the outbox, its relay, the idempotent consumer, dead letters and the purge into a service,
 * and the operators' endpoints: {@code parkedmessages} (what the relay parked; send one again or delete it) and
 * {@code deadletters} (re-drive a topic's dead letters).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"})
@EnableConfigurationProperties(MessagingProperties.class)
@EnableScheduling
public class MessagingAutoConfiguration {

    @Bean
    MessagingSchema messagingSchema(DataSource dataSource) {
        return new MessagingSchema(dataSource);
    }

    @Bean
    @ConditionalOnMissingBean
    MessageTypes messageTypes(MessagingProperties properties) {
        return MessageTypes.scanning(properties.contractPackages());
    }

    @Bean
    MessageCodec messageCodec(MessageTypes types) {
        return new MessageCodec(types);
    }

    @Bean
    OutboxStore outboxStore(MessagingSchema schema, JdbcTemplate jdbc, MeterRegistry meters) {
        var store = new OutboxStore(jdbc);
        Gauge.builder("outbox.backlog", store, OutboxStore::backlog).description("Outbox messages not yet published").register(meters);
        return store;
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "crowdfund.messaging.relay.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(OutboxStore store, ProducerFactory<?, ?> producers, PlatformTransactionManager transactionManager,
            MessagingProperties properties, MeterRegistry meters) {
        Producer<String, byte[]> producer = rawProducers(producers).createProducer();
        return new OutboxRelay(store, producer, new TransactionTemplate(transactionManager), properties.relay(), meters);
    }

    /** Producers of string keys and the kit's raw JSON bytes, whatever serializers the service configured. */
    @SuppressWarnings("unchecked")
    private static ProducerFactory<String, byte[]> rawProducers(ProducerFactory<?, ?> producers) {
        return (ProducerFactory<String, byte[]>) producers.copyWithConfigurationOverride(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @Bean
    MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        return available == null || propagation == null ? MessageTracing.NONE : new MessageTracing(available, propagation);
    }

    @Bean
    Outbox outbox(MessagingSchema schema, JdbcTemplate jdbc, MessageCodec codec, ObjectProvider<OutboxRelay> relay, MessageTracing tracing) {
        return new Outbox(jdbc, codec, wakeUp(relay), tracing);
    }

    /** Wakes this instance's relay, if it runs one. */
    private static Runnable wakeUp(ObjectProvider<OutboxRelay> relay) {
        // looked up once, not per commit (a bean factory lookup costs more than the wake-up itself)
        SingletonSupplier<OutboxRelay> relayOnce = SingletonSupplier.of(relay::getIfAvailable);
        return () -> {
            OutboxRelay running = relayOnce.get();
            if (running != null) {
                running.wakeUp();
            }
        };
    }

    @Bean
    IdempotentConsumer idempotentConsumer(MessagingSchema schema, MessageCodec codec, JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager, MeterRegistry meters, MessageTracing tracing) {
        return new IdempotentConsumer(codec, new Inbox(jdbc), new TransactionTemplate(transactionManager), meters, tracing);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler deadLetteringErrorHandler(KafkaOperations<?, ?> template, MessagingProperties properties, MeterRegistry meters) {
        // its own scheduler (only to resume paused partitions), not a TaskScheduler bean: one would
        // replace the service's auto-configured scheduler for its @Scheduled jobs
        var resumes = new ThreadPoolTaskScheduler();
        resumes.setThreadNamePrefix("dead-letter-backoff-");
        resumes.setDaemon(true);
        resumes.initialize();
        return DeadLetters.errorHandler(template, properties.consumer(), meters, resumes);
    }

    @Bean
    DeadLetterCounters deadLetterCounters(ObjectProvider<KafkaListenerEndpointRegistry> listeners, MeterRegistry meters) {
        return new DeadLetterCounters(listeners, meters);
    }

    @Bean
    ParkedMessages parkedMessages(MessagingSchema schema, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            ObjectProvider<OutboxRelay> relay, MeterRegistry meters) {
        var parked = new ParkedMessages(jdbc, new TransactionTemplate(transactionManager), wakeUp(relay));
        Gauge.builder("outbox.parked.messages", parked, ParkedMessages::count)
                .description("Messages Kafka refused for good, held in messaging.parked_messages").register(meters);
        return parked;
    }

    @Bean
    ParkedMessagesEndpoint parkedMessagesEndpoint(ParkedMessages parked) {
        return new ParkedMessagesEndpoint(parked);
    }

    @Bean
    @SuppressWarnings("unchecked")
    DeadLettersEndpoint deadLettersEndpoint(MessagingSchema schema, ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers,
            JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        ProducerFactory<String, byte[]> rawProducers = rawProducers(producers);
        return new DeadLettersEndpoint(new DeadLetterRedrive((ConsumerFactory<String, byte[]>) consumers, rawProducers::createProducer,
                jdbc, new TransactionTemplate(transactionManager)));
    }

    /**
     * Offsets are committed without waiting for the broker's answer, so a listener polls its next
     * batch at once instead of after a round trip per batch. An offset lost in a crash only means a
     * redelivery, which the inbox makes harmless.
     * <p>
     * Listeners run on platform threads even where the web server uses virtual ones: a listener is
     * a long-lived thread that blocks on one JDBC round trip after another, and on a virtual thread
     * each costs a hand-off through the I/O poller and a carrier wake-up.
     */
    @Bean
    @ConditionalOnMissingBean(ContainerCustomizer.class)
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> listenerContainers() {
        // one executor for every container, so listener threads are numbered across the service
        var listenerThreads = new SimpleAsyncTaskExecutor("kafka-listener-");
        return container -> {
            container.getContainerProperties().setSyncCommits(false);
            container.getContainerProperties().setListenerTaskExecutor(listenerThreads);
        };
    }

    @Bean
    MessagingPurge messagingPurge(MessagingSchema schema, JdbcTemplate jdbc, MessagingProperties properties) {
        return new MessagingPurge(jdbc, properties.purge());
    }
}
