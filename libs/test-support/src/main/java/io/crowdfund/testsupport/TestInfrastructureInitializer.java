package io.crowdfund.testsupport;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test's application at the shared PostgreSQL server (its own database), the Kafka broker
 * and the JWKS of {@link TestTokens}.
 */
public class TestInfrastructureInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        var environment = context.getEnvironment();
        String database = environment.getProperty("crowdfund.test.database", environment.getProperty("spring.application.name", "test"));
        var infrastructure = TestInfrastructure.get();
        environment.getPropertySources().addFirst(new MapPropertySource("crowdfundTestInfrastructure", Map.of(
                "spring.datasource.url", infrastructure.jdbcUrl(database),
                "spring.datasource.username", infrastructure.username(),
                "spring.datasource.password", infrastructure.password(),
                "spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers(),
                "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", TestTokens.jwksUrl())));
    }
}
