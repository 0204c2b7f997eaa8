package io.crowdfund.messaging;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;

/**
 * Kafka and JDBC defaults the kit relies on, at the lowest precedence so that a service or an
 * operator can still override each: string keys and raw byte values (the kit does the JSON),
 * acknowledged idempotent producers, offsets committed after the transaction (on a timer), batch
 * listeners and batched inserts. How to reach the broker comes from the environment: plaintext
 * without a login by default (the local stack, the tests); on Kubernetes SASL_SSL with a SCRAM login
 * ({@link KafkaLogin}).
 */
class MessagingDefaults implements EnvironmentPostProcessor, Ordered {

    private static final Map<String, Object> DEFAULTS = Map.ofEntries(
            Map.entry("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}"),
            Map.entry("spring.kafka.security.protocol", "${KAFKA_SECURITY_PROTOCOL:PLAINTEXT}"),
            Map.entry("spring.kafka.properties.sasl.mechanism", "${KAFKA_SASL_MECHANISM:SCRAM-SHA-512}"),
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
        environment.getPropertySources().addLast(new KafkaLogin(environment));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * The Kafka client settings made of several variables, worked out whenever they are read (so from
     * wherever the variables come), and only when the variables are set: {@code sasl.jaas.config} for a
     * SCRAM login as {@code KAFKA_USERNAME} with {@code KAFKA_PASSWORD}, and the PEM trust store
     * {@code KAFKA_TRUSTSTORE_PEM}. The password is kept nowhere but in the environment, and never
     * logged: Kafka's clients log {@code sasl.jaas.config} as {@code [hidden]}.
     */
    static final class KafkaLogin extends EnumerablePropertySource<UnaryOperator<String>> {

        static final String JAAS_CONFIG = "spring.kafka.properties.sasl.jaas.config";
        static final String TRUSTSTORE_TYPE = "spring.kafka.properties.ssl.truststore.type";
        static final String TRUSTSTORE_LOCATION = "spring.kafka.properties.ssl.truststore.location";

        /** Its source resolves placeholders in the environment (not the environment itself, which Spring Boot would descend into). */
        KafkaLogin(ConfigurableEnvironment environment) {
            super("crowdfundKafkaLogin", environment::resolvePlaceholders);
        }

        @Override
        public String[] getPropertyNames() {
            return new String[] {JAAS_CONFIG, TRUSTSTORE_TYPE, TRUSTSTORE_LOCATION};
        }

        @Override
        public Object getProperty(String name) {
            return switch (name) {
                case JAAS_CONFIG -> {
                    String username = source.apply("${KAFKA_USERNAME:}");
                    yield username.isEmpty() ? null : "org.apache.kafka.common.security.scram.ScramLoginModule required username=%s password=%s;"
                            .formatted(quoted(username), quoted(source.apply("${KAFKA_PASSWORD:}")));
                }
                case TRUSTSTORE_TYPE -> truststore().isEmpty() ? null : "PEM";
                case TRUSTSTORE_LOCATION -> truststore().isEmpty() ? null : truststore();
                default -> null;
            };
        }

        private String truststore() {
            return source.apply("${KAFKA_TRUSTSTORE_PEM:}");
        }

        /** A JAAS option value in double quotes, its quotes and backslashes escaped. */
        static String quoted(String value) {
            return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }
}
