package io.crowdfund.testsupport;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL 17 and Apache Kafka (KRaft) in containers, where Docker is available. */
final class ContainerBackend implements TestInfrastructure.Backend {

    private final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine")
            .withCommand("postgres", "-c", "max_connections=300", "-c", "autovacuum_naptime=1s");
    private final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_NUM_PARTITIONS", "4");

    ContainerBackend() {
        postgres.start();
        kafka.start();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://%s:%d/%s".formatted(postgres.getHost(), postgres.getMappedPort(5432), database);
    }

    @Override
    public String username() {
        return postgres.getUsername();
    }

    @Override
    public String password() {
        return postgres.getPassword();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void stop() {
        kafka.stop();
        postgres.stop();
    }
}
