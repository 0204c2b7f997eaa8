package io.crowdfund.messaging;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Kafka and JDBC defaults the kit relies on, at the lowest precedence so that a service or an
 * operator can still override each: string keys and raw byte values (the kit does the JSON),
 * acknowledged idempotent producers, offsets committed after the transaction (on a timer), batch
 * listeners and batched inserts.
 */
class MessagingDefaults implements EnvironmentPostProcessor, Ordered {

    private static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}"),
            Map.entry("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer"),
            Map.entry("spring.kafka.producer.value-serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"),
            Map.entry("spring.kafka.producer.acks", "all"),
            Map.entry("spring.kafka.producer.properties.enable.idempotence", "true"),
            Map.entry("spring.kafka.producer.properties.linger.ms", "0"),
            Map.entry("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer"),
            Map.entry("spring.kafka.consumer.value-deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer"),
            Map.entry("spring.kafka.consumer.auto-offset-reset", "earliest"),
            Map.entry("spring.kafka.consumer.enable-auto-commit", "false"),
            Map.entry("spring.kafka.consumer.max-poll-records", "500"),
            // a replica killed without leaving its group holds its partitions until its session
            // expires: 10 s instead of Kafka's 45 s before a restarted or surviving replica takes over
            Map.entry("spring.kafka.consumer.properties.session.timeout.ms", "10000"),
            Map.entry("spring.kafka.consumer.heartbeat-interval", "3s"),
            Map.entry("spring.kafka.listener.type", "batch"),
            // offsets are committed at most every 200 ms, not after every polled batch: under load that
            // is one commit request instead of dozens per consumer per second. A crash redelivers at
            // most that window, which the inbox absorbs.
            Map.entry("spring.kafka.listener.ack-mode", "time"),
            Map.entry("spring.kafka.listener.ack-time", "200ms"),
            Map.entry("spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", "true"),
            Map.entry("management.endpoint.health.group.readiness.include", "readinessState,db"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("crowdfundMessagingDefaults", DEFAULTS));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
