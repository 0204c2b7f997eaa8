package io.crowdfund.local;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller), run from the Kafka jars on
 * this launcher's classpath as its own process. Its log directory is formatted once and kept; a
 * broker that dies unasked is started again.
 */
final class KafkaBroker {

    /** The smallest segment Kafka allows; see {@link #keepConsumerOffsetsSmall()}. */
    private static final int OFFSETS_SEGMENT_BYTES = 1024 * 1024;

    private final Settings settings;
    private final Path home;
    private volatile Process process;
    private volatile boolean stopping;
    private Path config;
    private volatile long launchedAt;
    private volatile long readyAt;
    private int restarts;

    KafkaBroker(Settings settings) {
        this.settings = settings;
        this.home = settings.dataDir().resolve("kafka");
    }

    String bootstrapServers() {
        return "localhost:" + settings.kafkaPort();
    }

    void start() throws IOException, InterruptedException {
        Path config = writeConfig();
        if (!Files.exists(home.resolve("data/meta.properties"))) {
            Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logs().resolve("kafka.log").toFile()))
                    .redirectErrorStream(true).start();
            if (format.waitFor() != 0) {
                throw new IllegalStateException("Formatting Kafka's storage failed; see " + settings.logs().resolve("kafka.log"));
            }
        }
        this.config = config;
        launchedAt = System.nanoTime();
        stopLeftover();
        launch();
        awaitPort(Duration.ofSeconds(60));
        readyAt = System.nanoTime();
        keepConsumerOffsetsSmall();
    }

    /** Seconds from launch until the broker took connections. */
    double secondsToReady() {
        return readyAt == 0 ? -1 : (readyAt - launchedAt) / 1e9;
    }

    /**
     * A broker left running by a launcher killed outright holds both ports: it is stopped. Any other
     * process on them is reported rather than raced: the port check alone would take it for this broker.
     */
    private void stopLeftover() throws InterruptedException {
        Leftovers.stop(pidFile(), config.toString(), 30);
        for (int port : List.of(settings.kafkaPort(), settings.kafkaControllerPort())) {
            if (!Leftovers.portFree(port)) {
                throw new IllegalStateException("port " + port + " is taken by another process (another local stack or broker?);"
                        + " stop it, or set KAFKA_PORT and KAFKA_CONTROLLER_PORT");
            }
        }
    }

    private Path pidFile() {
        return home.resolve("broker.pid");
    }

    /**
     * Kafka's group coordinator replays a {@code __consumer_offsets} partition whole whenever it
     * becomes its leader, one partition after another on one loader thread; only closed segments are
     * compacted, and the default segment is 100 MiB (over a million offset commits). After a broker
     * crash, Kafka 4.2 and 4.3 let a stale load of one leader epoch complete the load of the next, so
     * a coordinator comes up empty or failed (docs/architecture.md, "Broker restarts"); long loads
     * make that race likely. Small segments keep every partition compacted down to the latest commit
     * per group and partition. server.properties sets this for a new log directory; an existing one
     * is altered here.
     */
    private void keepConsumerOffsetsSmall() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            ConfigResource offsets = new ConfigResource(ConfigResource.Type.TOPIC, "__consumer_offsets");
            AlterConfigOp segmentBytes = new AlterConfigOp(
                    new ConfigEntry(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(OFFSETS_SEGMENT_BYTES)), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(offsets, List.of(segmentBytes))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                System.out.printf("Could not shrink __consumer_offsets' segments: %s%n", e.getCause());
            }
        } catch (TimeoutException e) {
            System.out.printf("Could not shrink __consumer_offsets' segments: %s%n", e);
        }
    }

    private synchronized void launch() throws IOException {
        process = java("kafka.Kafka", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logs().resolve("kafka.log").toFile()))
                .redirectErrorStream(true).start();
        Leftovers.record(pidFile(), process);
        Process started = process;
        started.onExit().thenRun(() -> restartIfUnasked(started));
    }

    /** A broker that dies unasked (a crash, a kill -9 by the fault-injection scenario) is started again on its kept log. */
    private void restartIfUnasked(Process exited) {
        try {
            // growing pauses: a broker that cannot start (its port taken) is not restarted in a tight loop
            Thread.sleep(Math.min(30_000, 1_000L << Math.min(restarts, 5)));
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (stopping || process != exited) {
                return;
            }
            restarts++;
            System.out.printf("Kafka exited with code %d; restarting (see %s)%n", exited.exitValue(), settings.logs().resolve("kafka.log"));
            try {
                launch();
            } catch (IOException e) {
                System.out.printf("Kafka could not be restarted: %s%n", e);
            }
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Stops the broker. Holds the lock a restart takes, so that a restart cannot slip in between (Ctrl-C
     * reaches the broker itself first; its restart must not outlive the launcher).
     */
    synchronized void stop() throws InterruptedException {
        stopping = true;
        Process process = this.process;
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private Path writeConfig() throws IOException {
        Files.createDirectories(home.resolve("data"));
        Path config = home.resolve("server.properties");
        Files.writeString(config, String.join("\n", List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + settings.kafkaControllerPort(),
                "listeners=PLAINTEXT://localhost:%d,CONTROLLER://localhost:%d".formatted(settings.kafkaPort(), settings.kafkaControllerPort()),
                "advertised.listeners=PLAINTEXT://localhost:" + settings.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + home.resolve("data"),
                "num.partitions=8",
                "offsets.topic.replication.factor=1",
                "offsets.topic.segment.bytes=" + OFFSETS_SEGMENT_BYTES,
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=168")) + "\n");
        return config;
    }

    private static ProcessBuilder java(String mainClass, String... args) {
        List<String> arguments = new ArrayList<>(List.of("-Xms256m", "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        arguments.addAll(List.of(args));
        return Jvm.process(arguments);
    }

    private void awaitPort(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with code " + process.exitValue() + "; see " + settings.logs().resolve("kafka.log"));
            }
            try (var socket = new Socket("localhost", settings.kafkaPort())) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Kafka did not open port " + settings.kafkaPort() + " within " + timeout);
    }
}
