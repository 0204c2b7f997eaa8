package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Real PostgreSQL binaries from Maven Central and Kafka's own KRaft broker, in this JVM. */
final class EmbeddedBackend implements TestInfrastructure.Backend {

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafkaKraftBroker kafka;

    EmbeddedBackend() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
        kafka = new EmbeddedKafkaKraftBroker(1, 4);
        kafka.brokerProperties(Map.of(
                "group.initial.rebalance.delay.ms", "0",
                "num.partitions", "4",
                "offsets.topic.num.partitions", "4",
                "auto.create.topics.enable", "true"));
        kafka.afterPropertiesSet();
    }

    @Override
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres";
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public void stop() {
        kafka.destroy();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
