package io.crowdfund.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One service (or web-app) as its own JVM process, restarted with growing pauses when it dies unasked;
 * run from its {@link JvmCache}, made first by a training run when missing or stale.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> environment;
    private final String jvmOptions;
    private final JvmCache cache;
    private volatile Process process;
    private volatile Process training;
    private volatile boolean stopping;
    private int restarts;
    private volatile long startedAt;
    private volatile long readyAt;
    private volatile long logOffset;

    ServiceProcess(String name, int port, Path jar, Path log, Map<String, String> environment, String jvmOptions) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.log = log;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.cache = JvmCache.forJar(jar, jvmOptions);
    }

    String name() {
        return name;
    }

    String url() {
        return "http://localhost:" + port;
    }

    Path log() {
        return log;
    }

    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    /**
     * Starts the process: with the cache off, at once; otherwise on a thread of its own, which first
     * has a training run make the cache if it is missing or stale (or waits while another replica's does).
     */
    synchronized void start() throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package");
        }
        startedAt = System.nanoTime();
        readyAt = 0;
        if (cache.kind() == JvmCache.Kind.OFF) {
            launch();
            return;
        }
        // in the background: the cache may be in the making by another replica's start, or need a training run
        Thread.ofPlatform().name(name + "-start").start(() -> {
            try {
                if (cache.needsMaking()) {
                    System.out.printf("%-22s making its JVM cache (%s, once per build): a training run%n", name, cache.kind());
                    if (!cache.makeIfMissing(this::train)) {
                        System.out.printf("%-22s no JVM cache (its training run failed, see %s); starting without%n", name, cache.trainingLog());
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.out.printf("%-22s no JVM cache (%s); starting without%n", name, e);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (stopping) {
                    return;
                }
                try {
                    launch();
                } catch (IOException | RuntimeException e) {
                    System.out.printf("%s could not be started: %s%n", name, e);
                }
            }
        });
    }

    private synchronized void launch() throws IOException {
        List<String> arguments = new ArrayList<>(List.of(jvmOptions.trim().split("\\s+")));
        arguments.addAll(cache.launchArguments());
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        process = processBuilder(arguments).start();
        Leftovers.record(pidFile(), process);
        Process started = process;
        started.onExit().thenRun(() -> restartIfUnasked(started));
    }

    /** The training run that makes the cache: the service's own options and environment, exiting once its context is refreshed. */
    private Process train(List<String> cacheArguments, Path output) {
        List<String> arguments = new ArrayList<>(List.of(jvmOptions.trim().split("\\s+")));
        arguments.addAll(cacheArguments);
        synchronized (this) {
            if (stopping) {
                throw new IllegalStateException(name + " is stopping");
            }
            try {
                training = processBuilder(arguments).redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return training;
        }
    }

    private ProcessBuilder processBuilder(List<String> arguments) {
        var builder = Jvm.process(arguments)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        return builder;
    }

    private Path pidFile() {
        return log.resolveSibling(name + ".pid");
    }

    /** Seconds from start (a training run included) to the first UP, or -1 while not ready. */
    double secondsToReady() {
        long ready = readyAt;
        return ready == 0 ? -1 : (ready - startedAt) / 1e9;
    }

    /**
     * After the process is ready: whether its JVM refused the cache (its first lines of output say so);
     * if it did, the cache is made again at the next start.
     */
    void checkCacheUsed() {
        if (cache.kind() == JvmCache.Kind.OFF) {
            return;
        }
        try (var channel = Files.newByteChannel(log)) {
            // the JVM's own lines come first, before the application logs anything
            var first = ByteBuffer.allocate(16 * 1024);
            channel.position(logOffset).read(first);
            List<String> lines = new String(first.array(), 0, first.position(), StandardCharsets.UTF_8).lines().toList();
            JvmCache.refusal(lines).ifPresent(refusal -> {
                System.out.printf("%-22s its JVM refused the cache (%s); it is made again at the next start%n", name, refusal.strip());
                try {
                    cache.forget();
                } catch (IOException e) {
                    System.out.printf("%-22s could not forget its cache: %s%n", name, e);
                }
            });
        } catch (IOException e) {
            System.out.printf("%-22s could not read %s: %s%n", name, log, e);
        }
    }

    private void restartIfUnasked(Process exited) {
        // Ctrl-C reaches every process of the terminal at once: give the launcher's shutdown a moment to say so.
        long pause = Math.min(30_000, 1_000L << Math.min(restarts, 5));
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            return;
        }
        synchronized (this) {
            if (stopping || process != exited) {
                return;
            }
            restarts++;
            System.out.printf("%s exited with code %d; restarting (restart %d, see %s)%n", name, exited.exitValue(), restarts, log);
            try {
                start();
            } catch (IOException | RuntimeException e) {
                System.out.printf("%s could not be restarted: %s%n", name, e);
            }
        }
    }

    /** UP, DOWN, or what the readiness probe answered. */
    String health() {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return "DOWN (" + response.statusCode() + ")";
            }
            if (readyAt == 0) {
                readyAt = System.nanoTime();
                checkCacheUsed();
            }
            return "UP";
        } catch (IOException e) {
            return "STARTING";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "UNKNOWN";
        }
    }

    void stop() {
        synchronized (this) {
            stopping = true;
        }
        Process trainingRun = training;
        if (trainingRun != null && trainingRun.isAlive()) {
            trainingRun.destroy();
        }
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
        }
    }

    void awaitStopped(Duration timeout) throws InterruptedException {
        Process current = process;
        if (current != null && !current.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            current.destroyForcibly().waitFor();
        }
    }
}
