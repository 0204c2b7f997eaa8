package io.crowdfund.bench;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.crowdfund.testsupport.TestInfrastructure;

/** A service started in the benchmark's own JVM, on the embedded PostgreSQL (a fresh database) and Kafka. */
public final class InProcess {

    private InProcess() {
    }

    /** Starts the application; command-line arguments outrank the service's application.yml. */
    public static ConfigurableApplicationContext start(Class<?> application, String databasePrefix) {
        var infrastructure = TestInfrastructure.get();
        return new SpringApplicationBuilder(application).run(
                "--spring.datasource.url=" + infrastructure.jdbcUrl(databasePrefix + "_" + System.currentTimeMillis()),
                "--spring.datasource.username=" + infrastructure.username(),
                "--spring.datasource.password=" + infrastructure.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--server.port=0",
                "--logging.level.root=warn");
    }

    /** Runs a benchmark's measurement and exits: 0 when it finished, 1 when it failed. */
    public static void exitAfter(Runnable measurement) {
        try {
            measurement.run();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
