package io.crowdfund.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * The web front end measured from outside, as visitors and backers reach it: how fast the campaign
 * page and the discover page render, how far the campaign page's live totals run behind the
 * confirmations of a pledge rush, and the web app's memory. Everything goes through the site and its
 * gateway ({@code /api}); each run makes its own campaign. Exit code 0 only if every check holds.
 */
@Command(name = "site", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmark of the web front end (page render times, live lag during a pledge rush, memory) against a running stack.")
public final class SiteBenchmark implements Callable<Integer> {

    private static final BigDecimal RUSH_AMOUNT = new BigDecimal("5.00");

    @Option(names = "--site", defaultValue = "http://localhost:8080", description = "the web app; its API gateway is <site>/api (default: ${DEFAULT-VALUE})")
    URI site;
    @Option(names = "--warmup", defaultValue = "2000", description = "views of each page before measuring (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--views", defaultValue = "5000", description = "measured views of each page (default: ${DEFAULT-VALUE})")
    int views;
    @Option(names = "--visitors", defaultValue = "4", description = "concurrent visitors reading pages (default: ${DEFAULT-VALUE})")
    int visitors;
    @Option(names = "--backers", defaultValue = "64", description = "concurrent backers in the rush (default: ${DEFAULT-VALUE})")
    int backers;
    @Option(names = "--rush-seconds", defaultValue = "30", description = "length of the rush (default: ${DEFAULT-VALUE})")
    int rushSeconds;
    @Option(names = "--wait", defaultValue = "10", description = "Prefer: wait=N seconds on each pledge (default: ${DEFAULT-VALUE})")
    int waitSeconds;
    @Option(names = "--repeat", defaultValue = "1", description = "whole measurements; the report gives each figure's median and range (default: ${DEFAULT-VALUE})")
    int repeat;
    @Option(names = "--campaign-service", defaultValue = "http://localhost:8081", description = "campaign-service itself, for the API read round (default: ${DEFAULT-VALUE})")
    String campaignService;
    @Option(names = "--api-reads", defaultValue = "20000", description = "measured reads of each API resource on campaign-service (default: ${DEFAULT-VALUE})")
    int apiReads;
    @Option(names = "--readers", defaultValue = "64", description = "concurrent API readers, each on its own keep-alive connection (default: ${DEFAULT-VALUE})")
    int readers;
    @Option(names = "--quiet-seconds", defaultValue = "5", description = "pause with no traffic before each memory reading (default: ${DEFAULT-VALUE})")
    int quietSeconds;
    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://localhost:54320/", description = "the stack's PostgreSQL, for its durability settings (default: ${DEFAULT-VALUE})")
    String pgUrl;
    @Option(names = "--pg-username", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String pgUsername;
    @Option(names = "--pg-password", defaultValue = "postgres", description = "(default: ${DEFAULT-VALUE})")
    String pgPassword;
    @Option(names = "--results", defaultValue = "results", description = "where site.md goes, in a timestamped directory (default: ${DEFAULT-VALUE})")
    Path results;

    /** One whole measurement. */
    record Run(Visitors.Pages campaignPage, Visitors.Pages discoverPage, Visitors.Pages campaignReads, Visitors.Pages categoryReads,
            LiveRush.Result rush, LiveLag lag, int events, LiveLag readLag, int reads, StackFacts.Memory before, StackFacts.Memory after,
            List<Invariant> checks) {

        /** GET /campaigns/{id}'s rate as a share of GET /categories' (%). */
        double readRatio() {
            return 100 * campaignReads.perSecond() / categoryReads.perSecond();
        }
    }

    /** A figure of the report: how to read it from a run, how to print it, and its goal if it has one. */
    private record Figure(String name, ToDoubleFunction<Run> value, String format, String goal) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("campaign page p50 (ms)", r -> r.campaignPage().ms(50), "%.1f", "≤ 20"),
            new Figure("campaign page p90 (ms)", r -> r.campaignPage().ms(90), "%.1f", ""),
            new Figure("campaign page p99 (ms)", r -> r.campaignPage().ms(99), "%.1f", ""),
            new Figure("campaign pages/s", r -> r.campaignPage().perSecond(), "%,.0f", ""),
            new Figure("discover page p50 (ms)", r -> r.discoverPage().ms(50), "%.1f", ""),
            new Figure("discover page p90 (ms)", r -> r.discoverPage().ms(90), "%.1f", ""),
            new Figure("discover page p99 (ms)", r -> r.discoverPage().ms(99), "%.1f", ""),
            new Figure("discover pages/s", r -> r.discoverPage().perSecond(), "%,.0f", ""),
            new Figure("GET /campaigns/{id} on campaign-service, reads/s", r -> r.campaignReads().perSecond(), "%,.0f", ""),
            new Figure("GET /categories on campaign-service, reads/s", r -> r.categoryReads().perSecond(), "%,.0f", ""),
            new Figure("campaign reads as a share of category reads (%)", Run::readRatio, "%.0f", "≥ 90"),
            new Figure("GET /campaigns/{id} p99 (ms)", r -> r.campaignReads().ms(99), "%.1f", ""),
            new Figure("live lag p50 (ms)", r -> r.lag().ms(50), "%.0f", ""),
            new Figure("live lag p99 (ms)", r -> r.lag().ms(99), "%.0f", "≤ 1,000"),
            new Figure("live lag max (ms)", r -> r.lag().maxMs(), "%.0f", ""),
            new Figure("campaign read lag p99 (ms)", r -> r.readLag().ms(99), "%.0f", ""),
            new Figure("campaign read lag max (ms)", r -> r.readLag().maxMs(), "%.0f", "≤ 1,000"),
            new Figure("confirmations", r -> r.rush().confirmations().size(), "%,.0f", ""),
            new Figure("totals events", Run::events, "%,.0f", ""),
            new Figure("confirmed pledges/s", r -> r.rush().confirmedPerSecond(), "%,.0f", ""),
            new Figure("web-app RSS idle before (MiB)", r -> r.before().rssKib() / 1024.0, "%.0f", ""),
            new Figure("web-app RSS idle after (MiB)", r -> r.after().rssKib() / 1024.0, "%.0f", ""),
            new Figure("web-app peak RSS so far (MiB)", r -> r.after().peakKib() / 1024.0, "%.0f", ""));

    /** The API read round's turns: each resource read apiReads / READ_TURNS times, one after the other, this many times. */
    private static final int READ_TURNS = 10;

    private final Progress progress = new Progress();
    private Api api;
    private String ownerToken;
    private final List<String> backerTokens = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SiteBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        api = new Api(Api.Endpoints.gateway(Api.at(site, "/api")));
        ProcessHandle webApp = StackFacts.webApp().orElseThrow(() -> new IllegalStateException(
                "no java process with " + StackFacts.WEB_APP_JAR + " in its command line: start the stack (infra/local/run)"));
        StackFacts.Memory atStart = StackFacts.memory(webApp).orElseThrow();
        Path directory = results.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        String setting = setting(webApp, atStart);

        System.out.printf("Setting up the owner and %d backers...%n", backers);
        setUp();
        List<Run> runs = new ArrayList<>();
        for (int run = 1; run <= repeat; run++) {
            System.out.printf("%nRun %d of %d%n", run, repeat);
            runs.add(measure(webApp, run));
        }

        String report = report(setting, runs);
        System.out.println();
        System.out.println(report);
        try {
            Files.createDirectories(directory);
            Path written = Files.writeString(directory.resolve("site.md"), report);
            System.out.printf("Report: %s%n", written.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runs.stream().flatMap(r -> r.checks().stream()).allMatch(Invariant::holds) ? 0 : 1;
    }

    private String setting(ProcessHandle webApp, StackFacts.Memory atStart) {
        Map<String, String> durability = StackFacts.durability(pgUrl, pgUsername, pgPassword);
        return """
                Machine: %s; %s, Java %s. The stack under test runs on the same machine as this generator.

                PostgreSQL (%s): %s.

                JVM options:
                %s

                web-app (pid %d) resident memory when this run started: %,d KiB (VmRSS), peak so far %,d KiB (VmHWM).

                Method: through the site %s and its gateway %s only. Once: an owner and %d backers (each with a deposit). Each run: a \
                campaign with 3 reward tiers and 2 milestones, 5 backers pledging to it (%s confirmed in all); then its page \
                `/campaigns/{id}` and the discover page `/`, each read %,d times to warm up and %,d times measured by %d concurrent \
                anonymous visitors (keep-alive, each with its own cookies; time from request to last byte); then campaign-service's \
                own `GET %s/campaigns/{id}` and `GET %s/categories` (no gateway), each %,d times to warm up and %,d times measured by \
                %d concurrent readers, in 10 turns of one after the other; then the campaign's event stream `/api/campaigns/{id}/stream` followed, \
                and `GET /api/campaigns/{id}` read over and over by one reader, while %d backers pledge %s each to it for %d s \
                (`POST /api/pledges`, `Prefer: wait=%d`, an Idempotency-Key each; 201 = confirmed). A confirmation's lag is from its \
                201 until the first `totals` event (or the first read) whose currentFunds reach the confirmed total at that 201 (0 if \
                one already had). Memory is read after %d s without traffic, before and after each run's traffic.
                """.formatted(StackFacts.cpu(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.version"), pgUrl,
                durability.entrySet().stream().map(e -> "`" + e.getKey() + "` = " + e.getValue()).collect(Collectors.joining(", ")),
                StackFacts.jvmOptionsList(), webApp.pid(), atStart.rssKib(), atStart.peakKib(), site, Api.at(site, "/api"), backers,
                earlySum().toPlainString(), warmup, views, visitors, campaignService, campaignService, warmup, apiReads, readers, backers,
                RUSH_AMOUNT, rushSeconds, waitSeconds, quietSeconds);
    }

    private void setUp() {
        String run = Long.toString(System.currentTimeMillis(), 36);
        ownerToken = api.registerAndLogin("site-owner-" + run, "site-password-" + run);
        api.choosePledgeEmails(ownerToken, "DAILY_DIGEST"); // one email a day, not one per pledge of the rush
        try (var pool = Executors.newFixedThreadPool(8); var bar = progress.start("backers", backers)) {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < backers; i++) {
                String username = "site-" + run + "-" + i;
                tokens.add(pool.submit(() -> {
                    String token = api.registerAndLogin(username, "site-password-" + run);
                    api.deposit(token, Platform.DEPOSIT, "site-deposit-" + username);
                    bar.step();
                    return token;
                }));
            }
            for (var token : tokens) {
                backerTokens.add(token.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("setting up backers: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private Run measure(ProcessHandle webApp, int run) {
        quiet();
        StackFacts.Memory before = StackFacts.memory(webApp).orElseThrow(() -> new IllegalStateException("web-app has gone"));
        JsonNode campaign = createCampaign(run);
        String id = campaign.get("id").asString();
        BigDecimal confirmedBefore = pledgeEarly(campaign);

        var visitorsOf = new Visitors(progress);
        URI campaignPage = Api.at(site, "/campaigns/" + id);
        visitorsOf.read("campaign page warm-up", campaignPage, warmup, visitors);
        Visitors.Pages campaignPages = visitorsOf.read("campaign page", campaignPage, views, visitors);
        visitorsOf.read("discover warm-up", Api.at(site, "/"), warmup, visitors);
        Visitors.Pages discoverPages = visitorsOf.read("discover page", Api.at(site, "/"), views, visitors);
        URI campaignRead = URI.create(campaignService + "/campaigns/" + id);
        URI categoriesRead = URI.create(campaignService + "/categories");
        visitorsOf.read("GET /campaigns/{id} warm-up", campaignRead, warmup, readers);
        visitorsOf.read("GET /categories warm-up", categoriesRead, warmup, readers);
        // in turns, so that a change in the machine's load falls on both alike
        Visitors.Pages campaignReads = null;
        Visitors.Pages categoryReads = null;
        for (int turn = 0; turn < READ_TURNS; turn++) {
            Visitors.Pages campaignTurn = visitorsOf.read("GET /campaigns/{id}", campaignRead, apiReads / READ_TURNS, readers);
            Visitors.Pages categoryTurn = visitorsOf.read("GET /categories", categoriesRead, apiReads / READ_TURNS, readers);
            campaignReads = campaignReads == null ? campaignTurn : campaignReads.plus(campaignTurn);
            categoryReads = categoryReads == null ? categoryTurn : categoryReads.plus(categoryTurn);
        }

        LiveRush.Result rush;
        List<LiveStream.Event> events;
        BigDecimal campaignFunds;
        String streamEnded;
        List<LiveStream.Event> reads;
        try (var stream = LiveStream.open(Api.at(site, "/api/campaigns/" + id + "/stream")); var poller = new CampaignPoller(api, id)) {
            awaitFunds(stream, Objects::nonNull, Duration.ofSeconds(10));
            String tier = tierId(campaign, "Thank you");
            try (var bar = progress.start("rush " + backers + " backers " + rushSeconds + " s", -1)) {
                rush = new LiveRush(api, waitSeconds, confirmedBefore).run(backerTokens, id, tier, RUSH_AMOUNT,
                        Duration.ofSeconds(rushSeconds), bar);
            }
            // the last confirmations' events: until the stream shows the confirmed total (and the campaign agrees), at most 30 s
            awaitFunds(stream, funds -> funds != null && funds.compareTo(rush.confirmedTotal()) >= 0, Duration.ofSeconds(30));
            streamEnded = stream.ended();
            poller.awaitFunds(rush.confirmedTotal(), Duration.ofSeconds(30));
            events = stream.events();
            reads = poller.reads();
            campaignFunds = api.campaign(id).get("currentFunds").decimalValue();
        }
        LiveLag lag = new LiveLag(rush.confirmations(), events);
        LiveLag readLag = new LiveLag(rush.confirmations(), reads);
        quiet();
        StackFacts.Memory after = StackFacts.memory(webApp).orElseThrow(() -> new IllegalStateException("web-app has gone"));

        BigDecimal lastEvent = events.isEmpty() ? null : events.getLast().currentFunds();
        List<Invariant> checks = List.of(
                new Invariant("last event's currentFunds = the campaign's currentFunds = the confirmed sum",
                        lastEvent != null && lastEvent.compareTo(campaignFunds) == 0 && campaignFunds.compareTo(rush.confirmedTotal()) == 0,
                        "last event %s; GET /api/campaigns/{id} %s; confirmed sum %s".formatted(lastEvent == null ? "none" : lastEvent.toPlainString(),
                                campaignFunds.toPlainString(), rush.confirmedTotal().toPlainString())),
                new Invariant("every confirmation reached by an event", lag.unseen() == 0,
                        "%,d of %,d reached".formatted(lag.seen(), rush.confirmations().size())),
                new Invariant("every confirmation reached by a campaign read", readLag.unseen() == 0,
                        "%,d of %,d reached".formatted(readLag.seen(), rush.confirmations().size())),
                new Invariant("the stream stayed open", streamEnded == null, streamEnded == null ? "open until closed here" : streamEnded),
                new Invariant("every pledge of the rush confirmed", rush.outcomes().keySet().stream().allMatch(o -> o.startsWith("CONFIRMED")),
                        rush.outcomes().toString()),
                new Invariant("every page view and API read answered 200",
                        campaignPages.notOk() + discoverPages.notOk() + campaignReads.notOk() + categoryReads.notOk() == 0,
                        "campaign page %d not 200, discover %d, GET /campaigns/{id} %d, GET /categories %d".formatted(campaignPages.notOk(),
                                discoverPages.notOk(), campaignReads.notOk(), categoryReads.notOk())));
        Run result = new Run(campaignPages, discoverPages, campaignReads, categoryReads, rush, lag, events.size(), readLag, reads.size(),
                before, after, checks);
        System.out.printf(Locale.ROOT, "campaign page p50 %.1f ms, p99 %.1f ms; discover p50 %.1f ms; GET /campaigns/{id} %,.0f/s, "
                + "GET /categories %,.0f/s (%.0f %%); live lag p50 %.0f ms, p99 %.0f ms, max %.0f ms; read lag p99 %.0f ms, max %.0f ms; "
                + "%,d confirmations (%.0f/s), %,d events; RSS %,d -> %,d KiB%n", campaignPages.ms(50), campaignPages.ms(99), discoverPages.ms(50),
                campaignReads.perSecond(), categoryReads.perSecond(), result.readRatio(), lag.ms(50), lag.ms(99), lag.maxMs(), readLag.ms(99),
                readLag.maxMs(), rush.confirmations().size(), rush.confirmedPerSecond(), events.size(), before.rssKib(), after.rssKib());
        checks.forEach(check -> System.out.printf("  [%s] %s: %s%n", check.holds() ? "ok" : "BROKEN", check.name(), check.found()));
        return result;
    }

    private JsonNode createCampaign(int run) {
        List<Map<String, Object>> tiers = List.of(
                Map.of("title", "Thank you", "description", "Your name in the credits.", "minimumAmount", RUSH_AMOUNT),
                Map.of("title", "Early bird", "description", "The first batch, shipped first.", "minimumAmount", new BigDecimal("25.00"),
                        "quantityAvailable", 500),
                Map.of("title", "Collector's edition", "description", "Numbered and signed.", "minimumAmount", new BigDecimal("100.00"),
                        "quantityAvailable", 50));
        List<Map<String, Object>> milestones = List.of(
                Map.of("title", "Prototype", "description", "A working prototype for the school.", "target", new BigDecimal("100.00")),
                Map.of("title", "Second kiosk", "description", "A second kiosk for the village library.", "target", new BigDecimal("20000.00")));
        String description = "A kiosk that charges 40 tablets a day from the sun. ".repeat(20).strip();
        return api.createCampaign(ownerToken, Map.of("title", "Site benchmark run " + run + " " + Long.toString(System.nanoTime(), 36),
                "description", description, "category", "technology", "goal", new BigDecimal("1000000.00"),
                "deadline", Instant.now().plus(Duration.ofDays(7)).toString(), "rewardTiers", tiers, "milestones", milestones));
    }

    /** The pledges of five backers before the page is read: one to each tier, and two more. */
    private record Early(String tier, BigDecimal amount) {
    }

    private static final List<Early> EARLY = List.of(new Early("Collector's edition", new BigDecimal("100.00")),
            new Early("Early bird", new BigDecimal("25.00")), new Early("Early bird", new BigDecimal("25.00")),
            new Early("Thank you", new BigDecimal("5.00")), new Early(null, new BigDecimal("5.00")));

    /** The early pledges, each confirmed; their sum. */
    private BigDecimal pledgeEarly(JsonNode campaign) {
        String id = campaign.get("id").asString();
        for (int i = 0; i < EARLY.size(); i++) {
            Early pledge = EARLY.get(i);
            Api.Reply reply = api.pledge(backerTokens.get(i % backerTokens.size()), id, pledge.amount(),
                    pledge.tier() == null ? null : tierId(campaign, pledge.tier()), waitSeconds, "site-early-" + id + "-" + i);
            if (reply.status() != 201) {
                throw new IllegalStateException("an early pledge was not confirmed: " + reply.status() + " " + reply.body());
            }
        }
        return earlySum();
    }

    private static BigDecimal earlySum() {
        return EARLY.stream().map(Early::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static String tierId(JsonNode campaign, String title) {
        for (JsonNode tier : campaign.get("rewardTiers")) {
            if (title.equals(tier.get("title").asString())) {
                return tier.get("id").asString();
            }
        }
        throw new IllegalStateException("no tier " + title);
    }

    private static void awaitFunds(LiveStream stream, Predicate<BigDecimal> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!until.test(stream.latestFunds()) && System.nanoTime() < deadline && stream.ended() == null) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private void quiet() {
        LockSupport.parkNanos(Duration.ofSeconds(quietSeconds).toNanos());
    }

    private String report(String setting, List<Run> runs) {
        StringBuilder markdown = new StringBuilder("# Site benchmark\n\n").append(setting).append('\n');
        markdown.append("## Results").append(runs.size() > 1 ? " (median and range of %d runs)".formatted(runs.size()) : "").append("\n\n");
        markdown.append("| figure | median | range | goal |\n|---|---:|---:|---|\n");
        for (Figure figure : FIGURES) {
            double[] values = runs.stream().mapToDouble(figure.value()).sorted().toArray();
            double median = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
            markdown.append("| %s | %s | %s | %s |%n".formatted(figure.name(), format(figure, median),
                    format(figure, values[0]) + " – " + format(figure, values[values.length - 1]), goal(figure, median)));
        }
        markdown.append("\n## Each run\n\n| run | campaign p50 / p90 / p99 ms | discover p50 / p90 / p99 ms | lag p50 / p99 / max ms "
                + "| confirmations | events | confirmed/s | rush outcomes | RSS before → after KiB (peak) |\n|---|---|---|---|---:|---:|---:|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            markdown.append(String.format(Locale.ROOT, "| %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.0f / %.0f / %.0f | %,d | %,d | %.0f | %s | %,d → %,d (%,d) |%n",
                    i + 1, run.campaignPage().ms(50), run.campaignPage().ms(90), run.campaignPage().ms(99), run.discoverPage().ms(50),
                    run.discoverPage().ms(90), run.discoverPage().ms(99), run.lag().ms(50), run.lag().ms(99), run.lag().maxMs(),
                    run.rush().confirmations().size(), run.events(), run.rush().confirmedPerSecond(),
                    run.rush().outcomes().toString().replace("{", "").replace("}", ""), run.before().rssKib(), run.after().rssKib(),
                    run.after().peakKib()));
        }
        markdown.append("\n## Where the CPU went\n\nCPU seconds of the stack's processes on this machine, per measured round "
                + "(ms per page view, or per confirmed pledge in the rush).\n\n| run | round | by part |\n|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            markdown.append("| %d | campaign page | %s |%n".formatted(i + 1, cpu(run.campaignPage().cpu(), run.campaignPage().views())));
            markdown.append("| %d | discover page | %s |%n".formatted(i + 1, cpu(run.discoverPage().cpu(), run.discoverPage().views())));
            markdown.append("| %d | GET /campaigns/{id} | %s |%n".formatted(i + 1, cpu(run.campaignReads().cpu(), run.campaignReads().views())));
            markdown.append("| %d | GET /categories | %s |%n".formatted(i + 1, cpu(run.categoryReads().cpu(), run.categoryReads().views())));
            markdown.append("| %d | rush | %s |%n".formatted(i + 1, cpu(run.rush().cpu(), run.rush().confirmations().size())));
        }
        Visitors.Pages page = runs.getFirst().campaignPage();
        markdown.append(String.format(Locale.ROOT, "%nThe campaign page is %,d bytes; %d of the first run's %,d measured views set a cookie.%n",
                page.bytes() / Math.max(1, page.views()), page.cookiesSet(), page.views()));
        markdown.append("\n## Checks\n\n| run | check | holds | found |\n|---|---|---|---|\n");
        for (int i = 0; i < runs.size(); i++) {
            for (Invariant check : runs.get(i).checks()) {
                markdown.append("| %d | %s | %s | %s |%n".formatted(i + 1, check.name(), check.holds() ? "yes" : "**NO**", check.found()));
            }
        }
        return markdown.toString();
    }

    private static String format(Figure figure, double value) {
        return String.format(Locale.ROOT, figure.format(), value);
    }

    private static String goal(Figure figure, double median) {
        if (figure.goal().isEmpty()) {
            return "";
        }
        double limit = Double.parseDouble(figure.goal().replaceAll("[^0-9.]", ""));
        boolean met = figure.goal().startsWith("≥") ? median >= limit : median <= limit;
        return figure.goal() + (met ? ": met" : ": **missed**");
    }

    private static String cpu(Map<String, Double> cpu, long units) {
        double total = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
        return String.format(Locale.ROOT, "total %.1f s (%.2f ms each): ", total, 1_000 * total / Math.max(1, units))
                + cpu.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
    }
}
