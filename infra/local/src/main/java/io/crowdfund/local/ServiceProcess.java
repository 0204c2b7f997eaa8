package io.crowdfund.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service (or web-app) as its own JVM process, restarted with growing pauses when it dies unasked. */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path jar;
    private final Path log;
    private final Map<String, String> environment;
    private final String jvmOptions;
    private volatile Process process;
    private volatile boolean stopping;
    private int restarts;

    ServiceProcess(String name, int port, Path jar, Path log, Map<String, String> environment, String jvmOptions) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.log = log;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
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

    synchronized void start() throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package");
        }
        List<String> arguments = new ArrayList<>(List.of(jvmOptions.trim().split("\\s+")));
        arguments.addAll(List.of("-jar", jar.toString()));
        var builder = Jvm.process(arguments)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        process = builder.start();
        Process started = process;
        started.onExit().thenRun(() -> restartIfUnasked(started));
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
            return response.statusCode() == 200 ? "UP" : "DOWN (" + response.statusCode() + ")";
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
