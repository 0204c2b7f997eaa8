package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What {@link ServiceJar} and {@link KafkaProcess} share about the processes they run. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** SIGKILL: no shutdown hooks, nothing flushed. */
    static void kill(Process process) {
        if (process != null) {
            process.destroyForcibly();
            await(process);
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    static void stop(Process process) {
        if (process != null && process.isAlive()) {
            process.destroy();
            await(process);
        }
    }

    /** Waits up to 30 s for the process to end, then kills it. */
    static void await(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the current process of a holder when this JVM exits: a failed test must not leave it running. */
    static void killOnExit(Supplier<Process> current) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process running = current.get();
            if (running != null) {
                running.destroyForcibly();
            }
        }));
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
