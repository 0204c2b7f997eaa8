package io.crowdfund.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one round of pledges came to: outcomes by label, latency until final (HdrHistogram, in
 * microseconds) and confirmed pledges per second of the round.
 */
final class Round {

    private static final int MAX_SECONDS = 3_600;

    final String name;
    private final Recorder latency = new Recorder(3);
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final AtomicLongArray confirmedPerSecond = new AtomicLongArray(MAX_SECONDS);
    private final Map<String, Double> cpuBefore = CpuUsage.snapshot();
    private final long startNanos = System.nanoTime();
    private volatile long endNanos;
    private Histogram histogram;
    private Map<String, Double> cpu = Map.of();

    Round(String name) {
        this.name = name;
    }

    /** Records a pledge that started (or was meant to start) at {@code startedNanos} and just ended. */
    void record(long startedNanos, Outcome outcome) {
        long now = System.nanoTime();
        latency.recordValue(Math.max(1, (now - startedNanos) / 1_000));
        outcomes.computeIfAbsent(outcome.label(), label -> new AtomicLong()).incrementAndGet();
        if (outcome.confirmed()) {
            confirmedPerSecond.incrementAndGet((int) Math.min(MAX_SECONDS - 1, (now - startNanos) / 1_000_000_000L));
        }
    }

    void finish() {
        endNanos = System.nanoTime();
        histogram = latency.getIntervalHistogram();
        cpu = CpuUsage.between(cpuBefore, CpuUsage.snapshot());
    }

    /** CPU seconds each part of the stack on this machine used during the round, most first. */
    Map<String, Double> cpu() {
        return cpu;
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    long count(String label) {
        AtomicLong count = outcomes.get(label);
        return count == null ? 0 : count.get();
    }

    long confirmed() {
        return count("CONFIRMED");
    }

    long total() {
        return outcomes.values().stream().mapToLong(AtomicLong::get).sum();
    }

    double confirmedPerSecond() {
        return confirmed() / seconds();
    }

    Map<String, Long> outcomes() {
        Map<String, Long> sorted = new TreeMap<>();
        outcomes.forEach((label, count) -> sorted.put(label, count.get()));
        return sorted;
    }

    /** Latency at a percentile, in milliseconds. */
    double latencyMs(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    double maxLatencyMs() {
        return histogram.getMaxValue() / 1_000.0;
    }

    Histogram histogram() {
        return histogram;
    }

    long[] confirmedPerSecondSeries() {
        int seconds = (int) Math.min(MAX_SECONDS, Math.ceil(seconds()));
        long[] series = new long[Math.max(1, seconds)];
        for (int i = 0; i < series.length; i++) {
            series[i] = confirmedPerSecond.get(i);
        }
        return series;
    }
}
