package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;

/**
 * Backers pledging to one campaign through the gateway for a while, each with {@code Prefer: wait} and
 * its own Idempotency-Key, the next pledge as soon as the last is answered. Each confirmation is kept
 * with the moment its 201 arrived and the confirmed total then, taken together so the totals rise in
 * the order the 201s arrived.
 */
final class LiveRush {

    /** What the rush came to; {@code confirmedLater} were answered 202 and confirmed when polled. */
    record Result(List<LiveLag.Confirmation> confirmations, BigDecimal confirmedTotal, Map<String, Long> outcomes, long confirmedLater,
            double seconds, Map<String, Double> cpu) {

        double confirmedPerSecond() {
            return confirmations.size() / seconds;
        }
    }

    private final Api api;
    private final int waitSeconds;
    private final List<LiveLag.Confirmation> confirmations = new ArrayList<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong confirmedLater = new AtomicLong();
    private BigDecimal total;

    /** @param confirmedBefore the campaign's confirmed funds before the rush */
    LiveRush(Api api, int waitSeconds, BigDecimal confirmedBefore) {
        this.api = api;
        this.waitSeconds = waitSeconds;
        this.total = confirmedBefore;
    }

    /** Each backer (a token) pledges {@code amount} to the tier until {@code duration} has passed; waits for the last answers. */
    Result run(List<String> backers, String campaignId, String tierId, BigDecimal amount, Duration duration, Progress.Bar bar) {
        Map<String, Double> cpuBefore = CpuUsage.snapshot();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (String backer : backers) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    outcomes.computeIfAbsent(pledge(backer, campaignId, tierId, amount), label -> new AtomicLong()).incrementAndGet();
                    bar.step();
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> counted = new TreeMap<>();
        outcomes.forEach((label, count) -> counted.put(label, count.get()));
        synchronized (this) {
            return new Result(List.copyOf(confirmations), total, counted, confirmedLater.get(), seconds,
                    CpuUsage.between(cpuBefore, CpuUsage.snapshot()));
        }
    }

    /** One pledge; its outcome's label. A pledge still pending when the wait ends is polled until final. */
    private String pledge(String backer, String campaignId, String tierId, BigDecimal amount) {
        Api.Reply reply;
        try {
            reply = api.pledge(backer, campaignId, amount, tierId, waitSeconds, UUID.randomUUID().toString());
        } catch (IllegalStateException unanswered) {
            return "FAILED no answer";
        }
        if (reply.status() == 201) {
            confirmed(amount);
            return "CONFIRMED";
        }
        if (reply.status() != 200 && reply.status() != 202) {
            return "FAILED HTTP " + reply.status();
        }
        JsonNode pledge = reply.body();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while ("PENDING".equals(pledge.path("status").asString()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            try {
                Api.Reply polled = api.getPledge(backer, pledge.get("id").asString());
                if (polled.ok()) {
                    pledge = polled.body();
                }
            } catch (IllegalStateException unanswered) {
                // asked again on the next turn
            }
        }
        String status = pledge.path("status").asString();
        if ("CONFIRMED".equals(status)) {
            confirmed(amount);
            confirmedLater.incrementAndGet();
            return "CONFIRMED after polling";
        }
        return "REJECTED".equals(status) ? "REJECTED " + pledge.path("rejectionReason").asString() : status;
    }

    private synchronized void confirmed(BigDecimal amount) {
        total = total.add(amount);
        confirmations.add(new LiveLag.Confirmation(System.nanoTime(), total));
    }
}
