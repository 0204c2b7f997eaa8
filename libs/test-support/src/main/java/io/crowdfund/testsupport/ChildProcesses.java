package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** What {@link ServiceJar} and {@link KafkaProcess} share about the processes they run. */
final class ChildProcesses {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

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

    /** A free port, never the same twice in one JVM: a port names one service for a whole run ({@link ApiContract} caches per URL). */
    static int freePort() {
        while (true) {
            try (var socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
