package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Real PostgreSQL binaries from Maven Central and Kafka's own KRaft broker, in this JVM. */
final class EmbeddedBackend implements TestInfrastructure.Backend {

    /** System property: PostgreSQL flushes every commit to disk. */
    static final String DURABLE = "crowdfund.test.durable";

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafkaKraftBroker kafka;

    EmbeddedBackend() {
        try {
            // tests trade durability for speed (zonky's defaults: fsync, synchronous_commit and full_page_writes
            // off); benchmarks ask for durable commits (crowdfund.test.durable=true), as production's are
            String durable = Boolean.getBoolean(DURABLE) ? "on" : "off";
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable)
                    .setServerConfig("autovacuum_naptime", "1s") // as the local stack and Kubernetes: the outbox vacuumed often
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
