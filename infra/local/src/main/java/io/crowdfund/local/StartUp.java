package io.crowdfund.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/** The start-up's parallel steps, and the readiness table: each process, how long it took to be ready, and its memory. */
final class StartUp {

    /** A step that may fail. */
    interface Step {
        void run() throws Exception;
    }

    private StartUp() {
    }

    /** Runs a step on its own thread. */
    static CompletableFuture<Void> inBackground(String name, Step step) {
        var done = new CompletableFuture<Void>();
        Thread.ofPlatform().name(name + "-start").start(() -> {
            try {
                step.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Waits for a background step, rethrowing its failure. */
    static void await(CompletableFuture<Void> step) throws Exception {
        try {
            step.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The table printed once everything is ready: each process, its URL, pid, seconds to ready and memory; then where the logs are. */
    static void printReadiness(Postgres postgres, double postgresSeconds, KafkaBroker kafka, List<ServiceProcess> services, Path logs) {
        String row = "%-22s %-24s %-8s %9s %9s%n";
        System.out.printf("%n" + row, "PROCESS", "URL", "PID", "READY (s)", "RSS (MB)");
        long total = 0;
        OptionalLong postgresPid = postgres.serverPid();
        if (postgresPid.isPresent()) {
            long pss = postgresPss(postgresPid.getAsLong());
            total += Math.max(0, pss);
            System.out.printf(row.replace("%n", "  (Pss of all its processes)%n"), "postgresql", postgres.baseUrl().replace("jdbc:postgresql://", ""),
                    postgresPid.getAsLong(), seconds(postgresSeconds), megabytes(pss));
        }
        long kafkaRss = rss(kafka.pid());
        total += Math.max(0, kafkaRss);
        System.out.printf(row, "kafka", kafka.bootstrapServers(), kafka.pid(), seconds(kafka.secondsToReady()), megabytes(kafkaRss));
        for (ServiceProcess service : services) {
            long serviceRss = rss(service.pid());
            total += Math.max(0, serviceRss);
            System.out.printf(row, service.name(), service.url(), service.pid(), seconds(service.secondsToReady()), megabytes(serviceRss));
        }
        long launcher = rss(ProcessHandle.current().pid());
        total += Math.max(0, launcher);
        System.out.printf(row, "launcher (this)", "", ProcessHandle.current().pid(), "", megabytes(launcher));
        System.out.printf(row, "total", "", "", "", megabytes(total));
        System.out.printf("Logs in %s%n", logs);
    }

    private static String seconds(double seconds) {
        return seconds < 0 ? "?" : "%.1f".formatted(seconds);
    }

    private static String megabytes(long kib) {
        return kib < 0 ? "?" : Long.toString(Math.round(kib / 1024.0));
    }

    /** VmRSS of a process in KiB, or -1 if it is gone. */
    static long rss(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /**
     * The proportional set size of a PostgreSQL server: its processes share the buffer pool and code,
     * which each one's RSS would count again.
     */
    static long postgresPss(long postmasterPid) {
        return ProcessHandle.of(postmasterPid).stream()
                .flatMap(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
                .mapToLong(process -> Math.max(0, field(Path.of("/proc", Long.toString(process.pid()), "smaps_rollup"), "Pss:")))
                .sum();
    }

    /** A "Name:   123 kB" line's number from a /proc file, or -1. */
    static long field(Path file, String name) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(name)).findFirst()
                    .map(line -> Long.parseLong(line.substring(name.length()).replace("kB", "").strip())).orElse(-1L);
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
    }
}
