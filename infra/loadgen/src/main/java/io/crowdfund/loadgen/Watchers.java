package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Many people watching one campaign's live stream through the gateway, each from an address of its
 * own (198.18.0.0/15, the range set aside for benchmarks, sent as {@code X-Forwarded-For}, which the
 * local stack's web-app takes from this generator on loopback as from a trusted proxy), so the
 * per-address bound on streams counts people, as it does behind the ingress.
 */
final class Watchers implements AutoCloseable {

    private final List<LiveStream> streams;

    private Watchers(List<LiveStream> streams) {
        this.streams = streams;
    }

    /** Opens {@code count} streams of {@code stream}, at most 32 opening at once; each has sent its first snapshot. */
    static Watchers open(URI stream, int count, Progress progress) {
        List<Future<LiveStream>> opening = new ArrayList<>();
        Semaphore atOnce = new Semaphore(32);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor(); var bar = progress.start("opening " + count + " watchers", count)) {
            for (int i = 0; i < count; i++) {
                String address = "198.18.%d.%d".formatted(i / 250, i % 250 + 1);
                opening.add(pool.submit(() -> {
                    atOnce.acquire();
                    try {
                        return LiveStream.open(stream, false, "X-Forwarded-For", address);
                    } finally {
                        atOnce.release();
                        bar.step();
                    }
                }));
            }
            List<LiveStream> open = new ArrayList<>(count);
            for (Future<LiveStream> future : opening) {
                open.add(future.get());
            }
            return new Watchers(open);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            opening.stream().filter(Future::isDone).filter(f -> f.state() == Future.State.SUCCESS).forEach(f -> f.resultNow().close());
            throw new IllegalStateException("opening the watchers' streams: " + e.getCause().getMessage(), e.getCause());
        }
    }

    int size() {
        return streams.size();
    }

    /** The totals events all watchers received. */
    long events() {
        return streams.stream().mapToLong(LiveStream::received).sum();
    }

    /** Watchers whose stream ended before it was closed here. */
    long ended() {
        return streams.stream().filter(stream -> stream.ended() != null).count();
    }

    /** How many watchers' latest totals show other funds than {@code funds}, after waiting up to {@code timeout} for them. */
    long notShowing(BigDecimal funds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long behind;
        while ((behind = behind(funds)) > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return behind;
    }

    private long behind(BigDecimal funds) {
        return streams.stream().filter(stream -> stream.latestFunds() == null || stream.latestFunds().compareTo(funds) != 0).count();
    }

    @Override
    public void close() {
        streams.forEach(LiveStream::close);
    }
}
