package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker (KRaft, combined broker and controller) of its own, run from the Kafka jars on
 * this JVM's classpath as a separate process, for tests that crash the broker: {@link #kill()}
 * (SIGKILL, nothing flushed) and {@link #start()} again on the same ports and log directory.
 * {@link TestInfrastructure}'s broker lives in the test JVM and cannot be crashed alone.
 * <p>
 * {@link #withScramLogins} makes one whose clients log in (SASL/SCRAM-SHA-512) and are authorized by
 * ACLs (KRaft's {@code StandardAuthorizer}), as Strimzi's listener does on Kubernetes.
 */
public final class KafkaProcess implements AutoCloseable {

    private final Path home;
    private final Path log;
    private final int port = ChildProcesses.freePort();
    private final int controllerPort = ChildProcesses.freePort();
    /** The super user's login on a broker with SCRAM logins; null for a plaintext one. */
    private final Login admin;
    private volatile Process process;

    private record Login(String username, String password) {
    }

    private KafkaProcess(Path home, Login admin) {
        this.home = home;
        this.log = home.resolve("kafka.log");
        this.admin = admin;
        ChildProcesses.killOnExit(() -> process);
    }

    /** A broker with a fresh log directory under {@code directory}, formatted but not started. */
    public static KafkaProcess in(Path directory) {
        return formatted(directory, null);
    }

    /**
     * A broker whose one listener takes only SASL/SCRAM-SHA-512 logins (over plaintext) and allows only
     * what ACLs allow, with a fresh log directory under {@code directory}, formatted but not started. The
     * admin is a super user, its SCRAM credential made when the storage is formatted; other users and
     * ACLs are made through the Admin API, logged in as the admin.
     */
    public static KafkaProcess withScramLogins(Path directory, String admin, String adminPassword) {
        return formatted(directory, new Login(admin, adminPassword));
    }

    private static KafkaProcess formatted(Path directory, Login admin) {
        try {
            KafkaProcess kafka = new KafkaProcess(Files.createDirectories(directory.resolve("kafka-" + UUID.randomUUID())), admin);
            kafka.format();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker on its kept log directory and waits until it accepts connections. */
    public KafkaProcess start() {
        process = run("kafka.Kafka", config().toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + log);
            }
            try (var socket = new Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
        throw new IllegalStateException("Kafka did not listen on " + port + " within 60 s; see " + log);
    }

    /** Crashes the broker: SIGKILL, so nothing is flushed and its next start recovers its logs. */
    public void kill() {
        ChildProcesses.kill(process);
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }

    private void format() throws IOException {
        List<String> arguments = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config().toString()));
        if (admin != null) {
            arguments.addAll(List.of("--add-scram", "SCRAM-SHA-512=[name=%s,password=%s]".formatted(admin.username(), admin.password())));
        }
        Process format = run("kafka.tools.StorageTool", arguments.toArray(String[]::new));
        ChildProcesses.await(format);
        if (format.exitValue() != 0) {
            throw new IllegalStateException("Formatting Kafka's storage failed; see " + log);
        }
    }

    private Path config() {
        Path config = home.resolve("server.properties");
        try {
            Files.writeString(config, String.join("\n", admin == null ? plaintextListener() : scramListener()) + "\n" + String.join("\n", List.of(
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "controller.listener.names=CONTROLLER",
                    "log.dirs=" + home.resolve("data"),
                    "num.partitions=4",
                    "offsets.topic.num.partitions=10",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.segment.bytes=1048576",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0")) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    private List<String> plaintextListener() {
        return List.of(
                "listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d".formatted(port, controllerPort),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }

    private List<String> scramListener() {
        return List.of(
                "listeners=SASL_PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d".formatted(port, controllerPort),
                "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + scramLogin(admin.username(), admin.password()),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                // ANONYMOUS: the broker's own requests to its controller, on the controller listener (plaintext, on loopback)
                "super.users=User:%s;User:ANONYMOUS".formatted(admin.username()));
    }

    /** The {@code sasl.jaas.config} of a SCRAM login. */
    public static String scramLogin(String username, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"%s\";".formatted(username, password);
    }

    private Process run(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mainClass, e);
        }
    }
}
