package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One reader asking for a campaign ({@code GET /campaigns/{id}}) over and over, each request as
 * soon as the last is answered, keeping when each answer arrived and the currentFunds it showed: the
 * reads, as {@link LiveLag} measures a stream's events.
 */
final class CampaignPoller implements AutoCloseable {

    private final Api api;
    private final String campaignId;
    private final List<LiveStream.Event> reads = new ArrayList<>();
    private final Thread reader;
    private volatile boolean stopped;
    private volatile BigDecimal latest;

    CampaignPoller(Api api, String campaignId) {
        this.api = api;
        this.campaignId = campaignId;
        this.reader = Thread.ofVirtual().name("campaign-poller").start(this::read);
    }

    private void read() {
        while (!stopped) {
            try {
                BigDecimal funds = api.campaign(campaignId).get("currentFunds").decimalValue();
                long arrived = System.nanoTime();
                synchronized (this) {
                    reads.add(new LiveStream.Event(arrived, funds));
                }
                latest = funds;
            } catch (RuntimeException unanswered) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
    }

    /** Waits until a read shows at least {@code funds}, at most {@code timeout}. */
    void awaitFunds(BigDecimal funds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((latest == null || latest.compareTo(funds) < 0) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** The reads so far, in the order their answers arrived. */
    synchronized List<LiveStream.Event> reads() {
        return List.copyOf(reads);
    }

    @Override
    public void close() {
        stopped = true;
        try {
            reader.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
