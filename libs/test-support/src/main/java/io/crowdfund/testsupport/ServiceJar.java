package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A service run from its executable jar as a separate process against {@link TestInfrastructure},
 * as it runs in production: for tests and benchmarks across services, and for crashing one
 * ({@link #kill()}: SIGKILL, no shutdown hooks) and starting it again on the same port and database.
 */
public final class ServiceJar implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Path log;
    private final int port;
    private final Map<String, String> environment;
    private List<String> jvmOptions = List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private volatile Process process;

    private ServiceJar(String name, Path jar, Path log, Map<String, String> environment) {
        this.name = name;
        this.jar = jar;
        this.log = log;
        this.port = ChildProcesses.freePort();
        this.environment = new HashMap<>(environment);
        this.environment.put("SERVER_PORT", Integer.toString(port));
        ChildProcesses.killOnExit(() -> process);
    }

    /** The database a service of the project gets in this JVM's run (what {@link #of} configures). */
    public static String databaseOf(String name) {
        return name.replace("-service", "") + "_" + ProcessHandle.current().pid();
    }

    /**
     * A service of the project, e.g. {@code wallet-service}, from {@code <root>/<name>/target/<name>-exec.jar}, with its own
     * database and the shared Kafka; {@code settings} adds or overrides environment variables.
     */
    public static ServiceJar of(Path projectRoot, String name, Map<String, String> settings) {
        var infrastructure = TestInfrastructure.get();
        Map<String, String> environment = new HashMap<>();
        environment.put("DB_URL", infrastructure.jdbcUrl(databaseOf(name)));
        environment.put("DB_USERNAME", infrastructure.username());
        environment.put("DB_PASSWORD", infrastructure.password());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        environment.putAll(settings);
        Path jar = projectRoot.resolve(name).resolve("target").resolve(name + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        return new ServiceJar(name, jar, projectRoot.resolve("target").resolve("service-logs").resolve(name + ".log"), environment);
    }

    /** JVM options instead of the defaults, which favour a quick start (tests) over peak speed (benchmarks). */
    public ServiceJar withJvmOptions(String... options) {
        jvmOptions = List.of(options);
        return this;
    }

    /** The service's name, e.g. {@code wallet-service}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The file the process writes its console output to (appended across starts). */
    public Path log() {
        return log;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and waits until the service reports ready. */
    public ServiceJar start() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(log.getParent());
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        awaitReady(Duration.ofSeconds(180));
        return this;
    }

    /** Crashes the service: SIGKILL, no graceful shutdown. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }
}
