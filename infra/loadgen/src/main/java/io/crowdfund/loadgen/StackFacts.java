package io.crowdfund.loadgen;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a measurement on this machine depends on, read from Linux {@code /proc} and the stack's
 * PostgreSQL: the CPU, the database's durability settings, each process's JVM options and the web
 * app's memory. Each fact says "unknown" rather than failing where it cannot be read.
 */
final class StackFacts {

    static final String WEB_APP_JAR = "web-app-exec.jar";
    private static final List<String> SERVICES = List.of("wallet-service", "campaign-service", "pledge-service", "notification-service",
            "closure-service");

    /** Resident memory of a process, in KiB: now and at its peak. */
    record Memory(long rssKib, long peakKib) {
    }

    private StackFacts() {
    }

    /** "CPU model, N cores" from /proc/cpuinfo. */
    static String cpu() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            String model = lines.stream().filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
            long processors = lines.stream().filter(line -> line.startsWith("processor")).count();
            return "%s, %d cores (%d available to the generator's JVM)".formatted(model, processors, Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            return "unknown CPU, %d cores".formatted(Runtime.getRuntime().availableProcessors());
        }
    }

    /** The settings that decide what a commit costs: fsync, synchronous_commit. */
    static Map<String, String> durability(String url, String username, String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        // a server's URL names no database: ask the one every server has
        String database = url.matches("jdbc:postgresql://[^/]+/?") ? url.replaceFirst("/?$", "/postgres") : url;
        try (var connection = DriverManager.getConnection(database, username, password); var statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (var result = statement.executeQuery("show " + setting)) {
                    result.next();
                    settings.put(setting, result.getString(1));
                }
            }
        } catch (SQLException e) {
            settings.put("unknown", e.getMessage());
        }
        return settings;
    }

    /** The web app's process: the java process whose command line names its jar. */
    static Optional<ProcessHandle> webApp() {
        return processWith(WEB_APP_JAR);
    }

    /** Each part's JVM options (the arguments before {@code -jar}): web-app, the services, this generator. */
    static Map<String, String> jvmOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("web-app", processWith(WEB_APP_JAR).map(StackFacts::optionsOf).orElse("not found"));
        for (String service : SERVICES) {
            options.put(service, processWith(service + "-exec.jar").map(StackFacts::optionsOf).orElse("not found"));
        }
        options.put("load generator", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return options;
    }

    /** {@link #jvmOptions()} as a Markdown list, the parts that share options on one line. */
    static String jvmOptionsList() {
        StringBuilder list = new StringBuilder();
        jvmOptions().entrySet().stream().collect(Collectors.groupingBy(Map.Entry::getValue, LinkedHashMap::new,
                Collectors.mapping(Map.Entry::getKey, Collectors.joining(", ")))).forEach((options, parts) ->
                list.append("- ").append(parts).append(": `").append(options.isBlank() ? "(none)" : options).append("`\n"));
        return list.toString().strip();
    }

    /** VmRSS and VmHWM from /proc/<pid>/status, or empty if the process is gone. */
    static Optional<Memory> memory(ProcessHandle process) {
        try {
            long rss = -1;
            long peak = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kib(line);
                }
            }
            return rss < 0 ? Optional.empty() : Optional.of(new Memory(rss, peak));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").strip());
    }

    /** The java process whose command line contains the text; one started from this working tree first (a CI run may hold another). */
    private static Optional<ProcessHandle> processWith(String text) {
        String here = Path.of("").toAbsolutePath().toString();
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(process -> process.info().command().orElse("").endsWith("java"))
                .filter(process -> process.info().commandLine().orElse("").contains(text)).toList();
        return found.stream().filter(process -> process.info().commandLine().orElse("").contains(here + "/")).findFirst()
                .or(() -> found.stream().findFirst());
    }

    private static String optionsOf(ProcessHandle process) {
        List<String> arguments = new ArrayList<>(Arrays.asList(process.info().arguments().orElse(new String[0])));
        int jar = arguments.indexOf("-jar");
        return String.join(" ", jar < 0 ? arguments : arguments.subList(0, jar));
    }
}
