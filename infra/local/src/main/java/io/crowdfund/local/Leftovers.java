package io.crowdfund.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Processes a launcher that was killed outright (kill -9, a closed terminal) left running: each child's
 * pid is written to a file when it starts, and the next launcher stops a process still running under a
 * recorded pid when its command line shows it is the same child (it names the same file, e.g. its
 * jar or its configuration); otherwise it would keep the ports, and its successor would fail to bind
 * them and be restarted in a loop.
 */
final class Leftovers {

    private Leftovers() {
    }

    /**
     * Stops everything an earlier launcher on this data directory left running, services first (they
     * hold connections to the others), then the broker, then PostgreSQL (its postmaster.pid; SIGTERM
     * is its smart shutdown, which waits for the services' sessions to end).
     */
    static void stopAll(Path dataDir) throws InterruptedException, java.io.IOException {
        Path logs = dataDir.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (var pidFiles = Files.list(logs)) {
                for (Path pidFile : pidFiles.filter(file -> file.toString().endsWith(".pid")).toList()) {
                    String name = pidFile.getFileName().toString().replaceAll("\\.pid$", "");
                    stop(pidFile, name, 30);
                }
            }
        }
        stop(dataDir.resolve("kafka/broker.pid"), dataDir.resolve("kafka/server.properties").toString(), 30);
        stop(dataDir.resolve("postgres/postmaster.pid"), dataDir.resolve("postgres").toString(), 30);
    }

    /** Records a started child's pid. */
    static void record(Path pidFile, Process process) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            System.out.printf("Could not write %s: %s%n", pidFile, e);
        }
    }

    /**
     * Stops the process a pid file names if it is alive and its command line contains {@code mark}:
     * SIGTERM, then SIGKILL after the grace period. Returns whether one was stopped.
     */
    static boolean stop(Path pidFile, String mark, long graceSeconds) throws InterruptedException {
        Optional<ProcessHandle> leftover = find(pidFile, mark);
        if (leftover.isEmpty()) {
            return false;
        }
        ProcessHandle process = leftover.get();
        System.out.printf("Stopping pid %d, left running by an earlier launcher (%s)%n", process.pid(), pidFile.getFileName());
        process.destroy();
        try {
            process.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException gone) {
                // reported below by the port check if it still holds its ports
            }
        }
        return true;
    }

    /** The live process a pid file names, if its command line contains the mark. */
    static Optional<ProcessHandle> find(Path pidFile, String mark) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().commandLine().orElse("").contains(mark));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Whether nothing listens on the port on the loopback address (bound as Kafka binds: address reuse on). */
    static boolean portFree(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
