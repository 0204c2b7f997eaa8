package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The pledge rush: drives a running stack's public API (the local stack by default) with backers
 * pledging to one hot campaign, closed model (peak throughput) and open model (latency at a fixed
 * rate), checks the invariants once everything is final, runs the seed design's baseline at the same
 * concurrency, and writes a report with charts. Exit code 0 only if every invariant holds.
 */
@Command(name = "pledge-rush", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Pledge-rush benchmark against a running stack, with the seed design as baseline.")
public final class PledgeRush implements Callable<Integer> {

    enum Model { closed, open }

    enum Scenario { rush, faults }

    @Option(names = "--wallet-url", defaultValue = "http://localhost:8083", description = "wallet-service (default: ${DEFAULT-VALUE})")
    URI walletUrl;
    @Option(names = "--campaign-url", defaultValue = "http://localhost:8081", description = "campaign-service (default: ${DEFAULT-VALUE})")
    URI campaignUrl;
    @Option(names = "--pledge-url", defaultValue = "http://localhost:8082", description = "pledge-service (default: ${DEFAULT-VALUE})")
    URI pledgeUrl;
    @Option(names = "--notification-url", defaultValue = "http://localhost:8084",
            description = "notification-service (default: ${DEFAULT-VALUE})")
    URI notificationUrl;
    @Option(names = "--closure-url", defaultValue = "http://localhost:8085", description = "closure-service (default: ${DEFAULT-VALUE})")
    URI closureUrl;
    @Option(names = "--scenario", defaultValue = "rush",
            description = "rush: the measured rounds and the baseline; faults: a closed rush while each service, Kafka and PostgreSQL "
                    + "of a local stack on this machine is killed in turn (default: ${DEFAULT-VALUE})")
    Scenario scenario;
    @Option(names = "--kafka", defaultValue = "localhost:9092", description = "the local stack's broker, for the faults scenario (default: ${DEFAULT-VALUE})")
    String kafka;
    @Option(names = "--calm-seconds", defaultValue = "5", description = "faults scenario: pause before and after each fault (default: ${DEFAULT-VALUE})")
    int calmSeconds;
    @Option(names = "--operator", defaultValue = "operator", description = "operator username, for reconciliation (default: ${DEFAULT-VALUE})")
    String operator;
    @Option(names = "--operator-password", defaultValue = "operator-pass", description = "operator password (default: ${DEFAULT-VALUE})")
    String operatorPassword;
    @Option(names = "--models", split = ",", defaultValue = "closed,open", description = "load models to run (default: ${DEFAULT-VALUE})")
    List<Model> models;
    @Option(names = "--watchers", defaultValue = "0",
            description = "with N > 0, each closed round is run again with N live watchers of the hot campaign through the gateway, "
                    + "and the two compared (default: ${DEFAULT-VALUE})")
    int watchers;
    @Option(names = "--gateway", defaultValue = "http://localhost:8080/api", description = "the gateway the watchers' streams go through (default: ${DEFAULT-VALUE})")
    String gateway;
    @Option(names = "--via-gateway", description = "send every request through --gateway instead of to each service's URL: "
            + "with the local stack's --replicas, web-app spreads them over the replicas")
    boolean viaGateway;
    @Option(names = "--pledges", defaultValue = "10000", description = "pledges in the closed round (default: ${DEFAULT-VALUE})")
    int pledges;
    @Option(names = "--concurrency", defaultValue = "256", description = "concurrent backers in the closed round (default: ${DEFAULT-VALUE})")
    int concurrency;
    @Option(names = "--rate", defaultValue = "500", description = "pledges per second offered in the open round (default: ${DEFAULT-VALUE})")
    int rate;
    @Option(names = "--open-seconds", defaultValue = "20", description = "length of the open round (default: ${DEFAULT-VALUE})")
    int openSeconds;
    @Option(names = "--repeat", defaultValue = "1",
            description = "times each platform round is run, alternating the models; the verdict takes each model's median run, "
                    + "since one run's spread on a shared machine is wide (default: ${DEFAULT-VALUE})")
    int repeat;
    @Option(names = "--warmup", defaultValue = "5000",
            description = "pledges before measuring; the baseline gets as many. A freshly started stack's services need far more "
                    + "before their JIT settles (on 2 cores about 100,000): warm them with a closed-only run first (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--backers", defaultValue = "200", description = "backers, each with a deposit of 1,000,000.00 (default: ${DEFAULT-VALUE})")
    int backers;
    @Option(names = "--limited-quantity", defaultValue = "100", description = "units of the limited tier (default: ${DEFAULT-VALUE})")
    int limitedQuantity;
    @Option(names = "--limited-every", defaultValue = "10", description = "every how many pledges one wants the limited tier (default: ${DEFAULT-VALUE})")
    int limitedEvery;
    @Option(names = "--wait", defaultValue = "10", description = "Prefer: wait=N seconds on each POST (default: ${DEFAULT-VALUE})")
    int waitSeconds;
    @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run the seed-design baseline too (default: ${DEFAULT-VALUE})")
    boolean baseline;
    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://localhost:54320",
            description = "PostgreSQL server the baseline uses (its own database) (default: ${DEFAULT-VALUE})")
    String pgUrl;
    @Option(names = "--pg-username", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String pgUsername;
    @Option(names = "--pg-password", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String pgPassword;
    @Option(names = "--baseline-attempts", defaultValue = "5", description = "tries per baseline pledge on serialization failure (default: ${DEFAULT-VALUE})")
    int baselineAttempts;
    @Option(names = "--results", defaultValue = "results", description = "where report.md and the charts go, in a timestamped directory (default: ${DEFAULT-VALUE})")
    Path results;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new PledgeRush()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() {
        var progress = new Progress();
        var api = new Api(viaGateway ? Api.Endpoints.gateway(URI.create(gateway))
                : new Api.Endpoints(walletUrl, campaignUrl, pledgeUrl, notificationUrl));
        var load = new LoadModels(progress, limitedEvery);
        String machine = machine();
        Path directory = results.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String rounds = (models.contains(Model.closed) ? "Closed round: %,d pledges by %d concurrent backers. ".formatted(pledges, concurrency) : "")
                + (models.contains(Model.open) ? "Open round: %d pledges/s offered for %d s. ".formatted(rate, openSeconds) : "");
        var report = new Report(directory, "Pledge rush", """
                %s. Stack: wallet %s, campaign %s, pledge %s. %d backers; one hot campaign with a limited tier of %d units \
                (every %dth pledge asks for it, 5.00) and an unlimited one (1.00). %sEach POST asks `Prefer: wait=%d` and a pledge \
                still pending is polled until final."""
                .formatted(machine, api.endpoints().wallet(), api.endpoints().campaign(), api.endpoints().pledge(), backers, limitedQuantity, limitedEvery, rounds, waitSeconds));

        System.out.printf("Setting up %d backers and the hot campaign...%n", backers);
        String operatorToken = api.login(operator, operatorPassword);
        var platform = new Platform(api, waitSeconds);
        platform.setUp(backers, limitedQuantity, progress);
        load.closed("platform warm-up", platform, warmup, concurrency);
        if (scenario == Scenario.faults) {
            return faults(api, platform, load, operatorToken, directory, machine);
        }

        List<Round> platformRounds = new ArrayList<>();
        List<Invariant> invariants = new ArrayList<>();
        for (int run = 1; run <= repeat; run++) {
            String suffix = repeat > 1 ? " #" + run : "";
            if (models.contains(Model.closed)) {
                platformRounds.add(load.closed("platform closed C=" + concurrency + suffix, platform, pledges, concurrency));
                if (watchers > 0) {
                    platformRounds.add(watched("platform closed C=" + concurrency + " + " + watchers + " watchers" + suffix, api, platform, load,
                            progress, invariants));
                }
            }
            if (models.contains(Model.open)) {
                platformRounds.add(load.open("platform open " + rate + "/s" + suffix, platform, rate, Duration.ofSeconds(openSeconds), 20_000));
            }
        }
        platformRounds.forEach(report::add);
        System.out.println("Draining: waiting until no pledge is pending...");
        platform.drain(Duration.ofMinutes(2));
        invariants.addAll(platform.invariants(limitedQuantity, operatorToken));

        List<Round> baselineRounds = new ArrayList<>();
        if (baseline) {
            System.out.println("Seed-design baseline (SERIALIZABLE, FOR UPDATE on user, campaign and tier)...");
            try (var seed = new SeedBaseline(pgUrl, pgUsername, pgPassword, concurrency, baselineAttempts, backers, limitedQuantity)) {
                load.closed("baseline warm-up", seed, warmup, concurrency);
                if (models.contains(Model.closed)) {
                    baselineRounds.add(load.closed("baseline closed C=" + concurrency, seed, pledges, concurrency));
                }
                if (models.contains(Model.open)) {
                    baselineRounds.add(load.open("baseline open " + rate + "/s", seed, rate, Duration.ofSeconds(openSeconds), 20_000));
                }
                invariants.addAll(seed.invariants(limitedQuantity));
            }
            baselineRounds.forEach(report::add);
        }

        report.section("Rounds", "Latency is POST until the pledge is final; in the open rounds it counts from when the pledge was due, "
                + "so stalls are charged to every request they delayed.");
        report.roundsTable();
        report.section("Where the CPU went", "CPU time of the stack's processes on this machine during each round (Linux /proc).");
        report.cpuTable();
        String verdict = verdict(platformRounds, baselineRounds);
        report.section("Against the targets", verdict);
        report.section("Invariants after draining", "");
        report.invariants(invariants);
        Path written = report.write();

        System.out.printf("%n%-32s %10s %9s %9s %9s %9s  %s%n", "round", "confirmed/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "outcomes");
        for (Round round : concat(platformRounds, baselineRounds)) {
            System.out.printf(Locale.ROOT, "%-32s %10.0f %9.1f %9.1f %9.1f %9.1f  %s%n", round.name, round.confirmedPerSecond(),
                    round.latencyMs(50), round.latencyMs(90), round.latencyMs(99), round.maxLatencyMs(), round.outcomes());
        }
        for (Round round : concat(platformRounds, baselineRounds)) {
            if (!round.cpu().isEmpty()) {
                System.out.printf(Locale.ROOT, "CPU in %s (ms per confirmed pledge): %s%n", round.name, round.cpu().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), 1_000 * e.getValue() / Math.max(1, round.confirmed())))
                        .toList());
            }
        }
        System.out.println();
        System.out.println(verdict);
        System.out.println();
        invariants.forEach(i -> System.out.printf("  [%s] %s: %s%n", i.holds() ? "ok" : "BROKEN", i.name(), i.found()));
        System.out.printf("%nReport: %s%n", written.toAbsolutePath());
        return invariants.stream().allMatch(Invariant::holds) ? 0 : 1;
    }

    /**
     * A closed round while {@link #watchers} people watch the hot campaign's live stream through the gateway; after it,
     * every watcher must show the campaign's final funds (within 10 s) and none may have lost its stream.
     */
    private Round watched(String name, Api api, Platform platform, LoadModels load, Progress progress, List<Invariant> invariants) {
        try (var watching = Watchers.open(URI.create(gateway + "/campaigns/" + platform.campaignId() + "/stream"), watchers, progress)) {
            long eventsBefore = watching.events();
            Round round = load.closed(name, platform, pledges, concurrency);
            BigDecimal funds = api.campaign(platform.campaignId()).get("currentFunds").decimalValue();
            long behind = watching.notShowing(funds, Duration.ofSeconds(10));
            long events = watching.events() - eventsBefore;
            invariants.add(new Invariant("%s: every watcher ends on the campaign's funds".formatted(name), behind == 0 && watching.ended() == 0,
                    "%,d of %,d show %s within 10 s of the round's end; %d streams ended early; %,d events in all (%.1f per watcher per second)"
                            .formatted(watching.size() - behind, watching.size(), funds.toPlainString(), watching.ended(), events,
                                    events / (double) watching.size() / round.seconds())));
            return round;
        }
    }

    /** A closed rush while every part of the local stack is killed in turn; then the invariants. */
    private int faults(Api api, Platform platform, LoadModels load, String operatorToken, Path directory, String machine) {
        String[] broker = kafka.split(":");
        List<Faults.Fault> faults = Faults.localStack(api.endpoints(), closureUrl, broker[0], Integer.parseInt(broker[1]), pgUrl, pgUsername,
                pgPassword);
        List<Faults.Injected> injected = new ArrayList<>();
        var done = new AtomicBoolean();
        Thread injector = Thread.ofVirtual().start(() -> {
            try {
                for (Faults.Fault fault : faults) {
                    Thread.sleep(Duration.ofSeconds(calmSeconds));
                    Faults.Injected result = Faults.inject(fault, Duration.ofMinutes(3));
                    injected.add(result);
                    System.out.printf("%n%s (pid %d) killed: %s%n", fault.name(), result.pid(), result.recovered()
                            ? "back after %.1f s".formatted(result.secondsToRecover()) : "NOT back");
                }
                Thread.sleep(Duration.ofSeconds(calmSeconds));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                done.set(true);
            }
        });
        Round round = load.closed("platform under faults C=" + concurrency, platform, Integer.MAX_VALUE, concurrency, done::get);
        try {
            injector.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("Draining: waiting until no pledge is pending...");
        long pending = platform.drain(Duration.ofMinutes(5));
        List<Invariant> invariants = platform.invariants(limitedQuantity, operatorToken);
        var report = new Report(directory, "Pledge rush under faults", """
                %s. A closed rush of %d concurrent backers on one hot campaign while each part of the local stack is killed with \
                SIGKILL in turn (%d s of calm before and after each); the launcher starts each again. Clients resend a POST that got \
                no answer or a 5xx with the same Idempotency-Key, as the API asks.""".formatted(machine, concurrency, calmSeconds));
        report.add(round);
        report.roundsTable();
        StringBuilder table = new StringBuilder("| fault | pid | back after | survived |\n|---|---:|---:|---|\n");
        injected.forEach(i -> table.append("| %s | %d | %.1f s | %s |%n".formatted(i.name(), i.pid(), i.secondsToRecover(),
                i.recovered() ? "yes" : "**NO**")));
        report.section("Faults", table + "\nRequests resent after no answer or a 5xx: " + platform.retries() + ". Pledges still pending "
                + "after draining: " + pending + ".");
        report.section("Invariants after draining", "");
        report.invariants(invariants);
        Path written = report.write();
        System.out.printf(Locale.ROOT, "%n%s: %,d pledges, %.0f confirmed/s, p50 %.0f ms, p99 %.0f ms, max %.0f ms; %s%n", round.name, round.total(),
                round.confirmedPerSecond(), round.latencyMs(50), round.latencyMs(99), round.maxLatencyMs(), round.outcomes());
        System.out.printf("Requests resent after no answer or a 5xx: %d%n", platform.retries());
        injected.forEach(i -> System.out.printf("  [%s] %s%n", i.recovered() ? "survived" : "NOT BACK", i.name()));
        invariants.forEach(i -> System.out.printf("  [%s] %s: %s%n", i.holds() ? "ok" : "BROKEN", i.name(), i.found()));
        System.out.printf("%nReport: %s%n", written.toAbsolutePath());
        boolean allBack = injected.size() == faults.size() && injected.stream().allMatch(Faults.Injected::recovered);
        return allBack && invariants.stream().allMatch(Invariant::holds) ? 0 : 1;
    }

    /**
     * What the figures depend on: the CPU, the system, PostgreSQL's durability settings and every
     * process's JVM options. The stack under test shares the machine with this generator.
     */
    private String machine() {
        return """
                Machine: %s; %s %s, Java %s; the stack and this generator share it. PostgreSQL (%s): %s. JVM options:
                %s

                """.formatted(StackFacts.cpu(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), pgUrl, StackFacts.durability(pgUrl, pgUsername, pgPassword).entrySet().stream()
                        .map(e -> "`" + e.getKey() + "` = " + e.getValue()).collect(Collectors.joining(", ")), StackFacts.jvmOptionsList())
                + "Generator: %d MiB max heap".formatted(Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * Each model's median run against the targets (closed: by throughput, the lower middle of an even
     * count; open: by p50, the higher middle), with the other runs' range; failures count over all runs.
     */
    private String verdict(List<Round> platformRounds, List<Round> baselineRounds) {
        StringBuilder text = new StringBuilder();
        List<Round> closed = platformRounds.stream().filter(r -> r.name.contains("closed") && !r.name.contains("watchers"))
                .sorted(Comparator.comparingDouble(Round::confirmedPerSecond)).toList();
        List<Round> watched = platformRounds.stream().filter(r -> r.name.contains("watchers"))
                .sorted(Comparator.comparingDouble(Round::confirmedPerSecond)).toList();
        List<Round> open = platformRounds.stream().filter(r -> r.name.contains("open"))
                .sorted(Comparator.comparingDouble(r -> r.latencyMs(50))).toList();
        if (!closed.isEmpty()) {
            Round round = closed.get((closed.size() - 1) / 2);
            long failed = failed(closed);
            text.append(String.format(Locale.ROOT, "- %s: %,.0f confirmed pledges/s (target ≥ 2,000: %s)%s; %d failed or not final (target 0: %s)%n",
                    median(round, closed.size()), round.confirmedPerSecond(), round.confirmedPerSecond() >= 2_000 ? "met" : "missed",
                    closed.size() > 1 ? String.format(Locale.ROOT, "; runs %,.0f to %,.0f/s", closed.getFirst().confirmedPerSecond(),
                            closed.getLast().confirmedPerSecond()) : "",
                    failed, failed == 0 ? "met" : "missed"));
            text.append(String.format(Locale.ROOT, "- CPU per confirmed pledge in %s: %.2f ms (stack %.2f ms, generator %.2f ms)%s%n",
                    round.name, cpuPerConfirmed(round, true), cpuPerConfirmed(round, false), cpuPerConfirmed(round, true)
                            - cpuPerConfirmed(round, false),
                    closed.size() > 1 ? String.format(Locale.ROOT, "; runs %.2f to %.2f ms", closed.stream()
                            .mapToDouble(r -> cpuPerConfirmed(r, true)).min().orElseThrow(), closed.stream()
                            .mapToDouble(r -> cpuPerConfirmed(r, true)).max().orElseThrow()) : ""));
            baselineRounds.stream().filter(b -> b.name.contains("closed")).findFirst().ifPresent(b -> text.append(String.format(Locale.ROOT,
                    "- platform / baseline at C=%d: %.2f× (target ≥ 5×: %s); baseline failure rate %.2f %%%n", concurrency,
                    round.confirmedPerSecond() / b.confirmedPerSecond(), round.confirmedPerSecond() >= 5 * b.confirmedPerSecond() ? "met" : "missed",
                    100.0 * b.outcomes().entrySet().stream().filter(e -> e.getKey().startsWith("FAILED")).mapToLong(e -> e.getValue()).sum()
                            / Math.max(1, b.total()))));
        }
        if (!watched.isEmpty() && !closed.isEmpty()) {
            double with = watched.get((watched.size() - 1) / 2).confirmedPerSecond();
            double without = closed.get((closed.size() - 1) / 2).confirmedPerSecond();
            double lower = 100 * (1 - with / without);
            text.append(String.format(Locale.ROOT, "- %d live watchers through the gateway: %,.0f confirmed/s with them, %,.0f without (medians of %d "
                    + "and %d runs, each pair one after the other): %.1f %% lower (target ≤ 10 %%: %s)%n", watchers, with, without, watched.size(),
                    closed.size(), lower, lower <= 10 ? "met" : "missed"));
        }
        if (!open.isEmpty()) {
            Round round = open.get(open.size() / 2);
            text.append(String.format(Locale.ROOT, "- %s: p50 %.1f ms (target ≤ 30: %s), p99 %.1f ms (target ≤ 250: %s)%s; %d failed or not final%n",
                    median(round, open.size()), round.latencyMs(50), round.latencyMs(50) <= 30 ? "met" : "missed", round.latencyMs(99),
                    round.latencyMs(99) <= 250 ? "met" : "missed",
                    open.size() > 1 ? String.format(Locale.ROOT, "; runs' p50 %.1f to %.1f ms", open.getFirst().latencyMs(50),
                            open.getLast().latencyMs(50)) : "",
                    failed(open)));
        }
        return text.toString().strip();
    }

    /** CPU ms the stack (and with {@code withGenerator}, the load generator too) used per confirmed pledge in the round. */
    private static double cpuPerConfirmed(Round round, boolean withGenerator) {
        double seconds = round.cpu().entrySet().stream().filter(e -> withGenerator || !e.getKey().equals(CpuUsage.GENERATOR))
                .mapToDouble(Map.Entry::getValue).sum();
        return 1_000 * seconds / Math.max(1, round.confirmed());
    }

    private static String median(Round round, int runs) {
        return runs > 1 ? "%s (the median of %d runs)".formatted(round.name, runs) : round.name;
    }

    /** Pledges that ended neither confirmed nor rejected, over the rounds. */
    private static long failed(List<Round> rounds) {
        return rounds.stream().flatMap(round -> round.outcomes().entrySet().stream())
                .filter(e -> !e.getKey().startsWith("CONFIRMED") && !e.getKey().startsWith("REJECTED")).mapToLong(e -> e.getValue()).sum();
    }

    private static List<Round> concat(List<Round> a, List<Round> b) {
        List<Round> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
