package io.crowdfund.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The two ways of firing pledges. Closed: C virtual threads, each a backer pledging again as soon as
 * its last pledge is final (peak throughput). Open: pledges start at a fixed rate whatever the
 * answers (latency); each one's latency counts from when it was due to start, so a stalled system is
 * charged for the requests it delayed (no coordinated omission).
 */
final class LoadModels {

    private final Progress progress;
    private final int limitedEvery;

    /** @param limitedEvery every how many pledges one asks for the limited tier */
    LoadModels(Progress progress, int limitedEvery) {
        this.progress = progress;
        this.limitedEvery = limitedEvery;
    }

    Round closed(String name, PledgeTarget target, int pledges, int concurrency) {
        return closed(name, target, pledges, concurrency, () -> false);
    }

    /** A closed round that ends after {@code pledges} or as soon as {@code stop} says so, whichever is first. */
    Round closed(String name, PledgeTarget target, int pledges, int concurrency, BooleanSupplier stop) {
        Round round = new Round(name);
        AtomicInteger next = new AtomicInteger();
        // until stopped (pledges unbounded): a bar that counts without a total or an ETA
        try (var bar = progress.start(name, pledges == Integer.MAX_VALUE ? -1 : pledges)) {
            List<Thread> workers = new ArrayList<>();
            for (int worker = 0; worker < concurrency; worker++) {
                workers.add(Thread.ofVirtual().start(() -> {
                    for (int i = next.getAndIncrement(); i < pledges && !stop.getAsBoolean(); i = next.getAndIncrement()) {
                        long started = System.nanoTime();
                        round.record(started, target.pledge(i, i % limitedEvery == 0));
                        bar.step();
                    }
                }));
            }
            join(workers);
        }
        round.finish();
        return round;
    }

    Round open(String name, PledgeTarget target, int ratePerSecond, Duration duration, int maxOutstanding) {
        Round round = new Round(name);
        int pledges = (int) (ratePerSecond * duration.toSeconds());
        long interval = 1_000_000_000L / ratePerSecond;
        Semaphore outstanding = new Semaphore(maxOutstanding);
        AtomicInteger dropped = new AtomicInteger();
        // until stopped (pledges unbounded): a bar that counts without a total or an ETA
        try (var bar = progress.start(name, pledges == Integer.MAX_VALUE ? -1 : pledges)) {
            long start = System.nanoTime();
            for (int i = 0; i < pledges; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!outstanding.tryAcquire()) {
                    dropped.incrementAndGet();
                    round.record(due, Outcome.failed("client gave up: " + maxOutstanding + " outstanding"));
                    bar.step();
                    continue;
                }
                int index = i;
                Thread.ofVirtual().start(() -> {
                    try {
                        round.record(due, target.pledge(index, index % limitedEvery == 0));
                    } finally {
                        outstanding.release();
                        bar.step();
                    }
                });
            }
            outstanding.acquireUninterruptibly(maxOutstanding);
        }
        round.finish();
        return round;
    }

    private static void join(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofMinutes(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
