package io.crowdfund.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;

/**
 * The pledge saga end to end through HTTP: wallet-, campaign- and pledge-service run from their jars
 * as separate processes (as in production) on embedded PostgreSQL and Kafka. C backers pledge to one
 * hot campaign as fast as they can (closed model), each POST asking {@code Prefer: wait=10}, so the
 * latency measured is POST → CONFIRMED. Prints confirmed pledges/s and latency percentiles, then
 * checks the campaign's total and the wallets' reconciliation.
 * Arguments: [pledges, default 5000] [concurrency, default 32] [backers, default 100].
 */
public final class SagaBenchmark {

    public static void main(String[] args) throws Exception {
        int pledges = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int backerCount = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int exit;
        try (var platform = new BenchPlatform()) {
            System.out.println("Starting wallet-, campaign- and pledge-service...");
            platform.start(platform.wallet, platform.campaign, platform.pledge);
            exit = measure(platform, pledges, concurrency, backerCount);
        } catch (RuntimeException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private static int measure(BenchPlatform platform, int pledges, int concurrency, int backerCount) throws Exception {
        HttpTestClient wallets = platform.wallets();
        HttpTestClient campaigns = platform.campaigns();
        HttpTestClient pledgeApi = platform.pledges();
        String owner = platform.token(platform.register());
        Response created = campaigns.post("/campaigns", owner, """
                {"title": "Rush", "description": "", "category": "technology", "goal": 100000000, "deadline": "%s",
                 "rewardTiers": [{"title": "Everyone", "minimumAmount": 1}]}""".formatted(Instant.now().plus(Duration.ofDays(1))));
        String campaignId = created.json().get("id").asString();
        String tier = created.json().get("rewardTiers").get(0).get("id").asString();
        System.out.printf("Registering %d backers with deposits...%n", backerCount);
        List<String> backers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < backerCount; i++) {
                tokens.add(pool.submit(() -> {
                    String token = platform.token(platform.register());
                    wallets.post("/wallets/me/deposits", token, "{\"amount\": 1000000}");
                    return token;
                }));
            }
            for (var token : tokens) {
                backers.add(token.get());
            }
        }
        String body = "{\"campaignId\": \"%s\", \"amount\": 1.00, \"rewardTierId\": \"%s\"}".formatted(campaignId, tier);
        run(pledgeApi, backers, body, Math.min(500, pledges), concurrency, new Recorder(3), new ConcurrentHashMap<>());
        Recorder latency = new Recorder(3);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        run(pledgeApi, backers, body, pledges, concurrency, latency, outcomes);
        double seconds = (System.nanoTime() - start) / 1e9;
        var histogram = latency.getIntervalHistogram();
        int confirmed = outcomes.getOrDefault("CONFIRMED", new AtomicInteger()).get();
        System.out.printf("%nPledge saga end to end (%d cores; three services as processes, PostgreSQL and Kafka on this machine)%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  %,d pledges by %d concurrent backers in %.1f s: %,.0f confirmed pledges/s%n", pledges, concurrency, seconds,
                confirmed / seconds);
        System.out.printf("  POST -> CONFIRMED latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(90) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
                histogram.getMaxValue() / 1e6);
        System.out.printf("  outcomes: %s%n", outcomes);
        String operator = platform.token("operator", "operator-pass");
        String pendingQuery = "/pledges?campaignId=" + campaignId + "&status=PENDING&size=1";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (pledgeApi.get(pendingQuery, operator).json().get("page").get("totalElements").asLong() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        long confirmedInAll = pledgeApi.get("/pledges?campaignId=" + campaignId + "&status=CONFIRMED&size=1", operator)
                .json().get("page").get("totalElements").asLong();
        BigDecimal funds = campaigns.get("/campaigns/" + campaignId, null).json().get("currentFunds").decimalValue();
        boolean balanced = wallets.get("/wallets/reconciliation", operator).json().get("balanced").asBoolean();
        boolean exact = funds.compareTo(BigDecimal.valueOf(confirmedInAll)) == 0;
        System.out.printf("  afterwards: campaign total %s = %,d confirmed pledges of 1.00 (warm-up included): %s; wallets reconciled: %s%n",
                funds.toPlainString(), confirmedInAll, exact, balanced);
        return balanced && exact ? 0 : 1;
    }

    private static void run(HttpTestClient pledgeApi, List<String> backers, String body, int count, int concurrency, Recorder latency,
            Map<String, AtomicInteger> outcomes) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        try (var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                workers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        long sent = System.nanoTime();
                        Response response = pledgeApi.post("/pledges", backers.get(i % backers.size()), body, "Prefer", "wait=10");
                        latency.recordValue(System.nanoTime() - sent);
                        String outcome = response.status() >= 400 ? "HTTP " + response.status() : response.json().get("status").asString();
                        outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                    }
                });
            }
        }
    }
}
