package io.crowdfund.bench;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.crowdfund.testsupport.TestInfrastructure;

/** A service started in the benchmark's own JVM, on the embedded PostgreSQL (a fresh database) and Kafka. */
public final class InProcess {

    private InProcess() {
    }

    /** Starts the application; command-line arguments (and {@code settings}, as {@code --name=value}) outrank its application.yml. */
    public static ConfigurableApplicationContext start(Class<?> application, String databasePrefix, String... settings) {
        var infrastructure = TestInfrastructure.get();
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=" + infrastructure.jdbcUrl(databasePrefix + "_" + System.currentTimeMillis()),
                "--spring.datasource.username=" + infrastructure.username(),
                "--spring.datasource.password=" + infrastructure.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
                "--server.port=0",
                "--logging.level.root=warn"));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(application).run(arguments.toArray(String[]::new));
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
