package io.crowdfund.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time used by the stack's processes on this machine (Linux {@code /proc}), grouped by part:
 * each service, the web app, Kafka, PostgreSQL and the load generator itself. PostgreSQL is split by
 * database (a backend's process title names its database), and what serves them all (WAL writer,
 * checkpointer, background writer, autovacuum) is its own part, so the capacity model can give each
 * service's database its share. Taken before and after a round, it says where a pledge's CPU goes.
 * Empty where {@code /proc} is not there or the stack runs elsewhere.
 */
final class CpuUsage {

    private static final List<String> SERVICES = List.of("wallet-service", "campaign-service", "pledge-service", "notification-service",
            "closure-service", "web-app");
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    /** The part that is this process. */
    static final String GENERATOR = "load generator";

    private CpuUsage() {
    }

    /** CPU seconds so far by part. */
    static Map<String, Double> snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().forEach(process -> {
            String part = process.pid() == self ? GENERATOR : partOf(process);
            if (part != null) {
                double used = cpuSeconds(process.pid());
                seconds.merge(part, used, Double::sum);
            }
        });
        return seconds;
    }

    /** What was used between two snapshots, by part, most first. */
    static Map<String, Double> between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).forEach(e -> {
            double delta = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            if (delta > 0.005) {
                used.put(e.getKey(), delta);
            }
        });
        return used;
    }

    private static String partOf(ProcessHandle process) {
        String command = process.info().commandLine().orElse("");
        for (String service : SERVICES) {
            if (command.contains(service)) {
                return service;
            }
        }
        if (command.contains("kafka.Kafka")) {
            return "kafka";
        }
        if (command.startsWith("postgres") || command.contains("/bin/postgres")) {
            return postgresPart(title(process.pid()).orElse(command));
        }
        return null;
    }

    /** A process's title as ps shows it: PostgreSQL writes it over its first argument, which the JDK's command line leaves out. */
    private static Optional<String> title(long pid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ').strip());
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /**
     * "postgresql: wallet" for a backend of database wallet (title {@code postgres: user database host(port) activity}),
     * "postgresql: server" for the postmaster and the processes that serve every database.
     */
    static String postgresPart(String command) {
        if (command.startsWith("postgres: ")) {
            String[] title = command.substring("postgres: ".length()).strip().split(" +");
            if (title.length >= 3 && (title[2].equals("[local]") || title[2].matches(".*\\(\\d+\\)"))) {
                return "postgresql: " + title[1];
            }
        }
        return "postgresql: server";
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 0, utime field 11, stime field 12
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
