package io.crowdfund.testsupport;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The real PostgreSQL server and Kafka broker the tests of one JVM share, started on first use and
 * stopped when the JVM ends. With Docker: Testcontainers. Without Docker: embedded PostgreSQL
 * binaries and an in-process KRaft broker. {@code CROWDFUND_TEST_INFRA=docker|embedded} forces one.
 * Each service gets its own database, as in production.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static volatile TestInfrastructure instance;

    private final Backend backend;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    private TestInfrastructure(Backend backend) {
        this.backend = backend;
    }

    /** The shared infrastructure, started on first call. */
    public static TestInfrastructure get() {
        if (instance == null) {
            synchronized (TestInfrastructure.class) {
                if (instance == null) {
                    instance = new TestInfrastructure(start());
                    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(instance.backend::stop));
                }
            }
        }
        return instance;
    }

    private static Backend start() {
        String forced = System.getenv().getOrDefault("CROWDFUND_TEST_INFRA", System.getProperty("crowdfund.test.infra", "")).toLowerCase(Locale.ROOT);
        boolean docker = forced.isEmpty() ? dockerAvailable() : forced.equals("docker");
        long started = System.nanoTime();
        Backend backend = docker ? new ContainerBackend() : new EmbeddedBackend();
        log.info("Test infrastructure ({}) up in {} ms: PostgreSQL at {}, Kafka at {}", docker ? "Testcontainers" : "embedded",
                (System.nanoTime() - started) / 1_000_000, backend.jdbcUrl("postgres"), backend.kafkaBootstrapServers());
        return backend;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** A JDBC URL of the named database, created empty on first use. */
    public String jdbcUrl(String database) {
        String name = database.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (databases.add(name)) {
            try (var connection = DriverManager.getConnection(backend.jdbcUrl("postgres"), backend.username(), backend.password());
                    var statement = connection.createStatement()) {
                var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
                if (!exists.next()) {
                    statement.execute("create database " + name);
                }
            } catch (SQLException e) {
                databases.remove(name);
                throw new IllegalStateException("Could not create test database " + name, e);
            }
        }
        return backend.jdbcUrl(name);
    }

    public String username() {
        return backend.username();
    }

    public String password() {
        return backend.password();
    }

    public String kafkaBootstrapServers() {
        return backend.kafkaBootstrapServers();
    }

    interface Backend {
        String jdbcUrl(String database);

        String username();

        String password();

        String kafkaBootstrapServers();

        void stop();
    }
}
