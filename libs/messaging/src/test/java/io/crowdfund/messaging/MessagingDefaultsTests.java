package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The Kafka client settings the environment variables make, as Spring Boot binds them for its Kafka clients. */
class MessagingDefaultsTests {

    @Test
    void withoutVariablesClientsTalkPlaintextWithoutALogin() {
        Map<String, String> kafka = kafkaProperties(Map.of());

        assertThat(Binder.get(environment(Map.of())).bind("spring.kafka.security.protocol", String.class).get()).isEqualTo("PLAINTEXT");
        assertThat(kafka).doesNotContainKeys("sasl.jaas.config", "ssl.truststore.type", "ssl.truststore.location");
    }

    @Test
    void aUsernameAndPasswordMakeAScramLoginAndAPemFileTheTrustStore() {
        Map<String, String> kafka = kafkaProperties(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "KAFKA_USERNAME", "closure-service",
                "KAFKA_PASSWORD", "s3cret", "KAFKA_TRUSTSTORE_PEM", "/etc/kafka-ca/ca.crt"));

        assertThat(kafka).containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/kafka-ca/ca.crt");
        var login = login(kafka);
        assertThat(login).singleElement().satisfies(entry -> {
            assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
            assertThat(Map.<String, Object>copyOf(entry.getOptions())).isEqualTo(Map.of("username", "closure-service", "password", "s3cret"));
        });
    }

    @Test
    void aPasswordWithQuotesAndBackslashesReachesTheLoginUnchanged() {
        String password = "a\"b\\c;d=e";
        Map<String, String> kafka = kafkaProperties(Map.of("KAFKA_USERNAME", "wallet-service", "KAFKA_PASSWORD", password));

        var login = login(kafka);
        assertThat(login.getFirst().getOptions().get("password")).isEqualTo(password);
    }

    @Test
    void aSettingOfTheServiceOrOperatorWinsOverTheVariables() {
        Map<String, String> kafka = kafkaProperties(Map.of("KAFKA_USERNAME", "wallet-service",
                "spring.kafka.properties.sasl.jaas.config", "org.example.OtherLoginModule required;"));

        assertThat(kafka).containsEntry("sasl.jaas.config", "org.example.OtherLoginModule required;");
    }

    /** The login Kafka's clients make of the setting. */
    private static List<AppConfigurationEntry> login(Map<String, String> kafka) {
        return JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(kafka.get("sasl.jaas.config")))).configurationEntries();
    }

    private static Map<String, String> kafkaProperties(Map<String, Object> variables) {
        return Binder.get(environment(variables)).bind("spring.kafka.properties", Bindable.mapOf(String.class, String.class)).get();
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new MessagingDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
