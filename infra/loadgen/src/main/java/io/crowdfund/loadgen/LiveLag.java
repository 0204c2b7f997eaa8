package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * How far the live stream runs behind the confirmations a client sees. A confirmation's lag is from
 * its 201 until the first event whose funds reach the confirmed total at that moment (0 if one
 * already had); a confirmation no event ever reached is counted apart, not as a lag.
 */
final class LiveLag {

    /** A 201 as a backer saw it: when it arrived ({@link System#nanoTime()}) and the confirmed total then, with it counted. */
    record Confirmation(long arrivedNanos, BigDecimal confirmedTotal) {
    }

    private final Histogram microseconds = new Histogram(3);
    private final long unseen;

    /** @param events in the order they arrived */
    LiveLag(List<Confirmation> confirmations, List<LiveStream.Event> events) {
        // the highest funds seen up to each event, so "the first event with funds ≥ x" is a binary search
        BigDecimal[] highest = new BigDecimal[events.size()];
        for (int i = 0; i < events.size(); i++) {
            BigDecimal funds = events.get(i).currentFunds();
            highest[i] = i == 0 || funds.compareTo(highest[i - 1]) > 0 ? funds : highest[i - 1];
        }
        long missed = 0;
        for (Confirmation confirmation : confirmations) {
            int first = firstReaching(highest, confirmation.confirmedTotal());
            if (first < 0) {
                missed++;
            } else {
                long lag = Math.max(0, events.get(first).arrivedNanos() - confirmation.arrivedNanos());
                microseconds.recordValue(lag / 1_000);
            }
        }
        this.unseen = missed;
    }

    private static int firstReaching(BigDecimal[] highest, BigDecimal total) {
        int low = 0;
        int high = highest.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (highest[middle].compareTo(total) >= 0) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low < highest.length ? low : -1;
    }

    /** Lag at a percentile, in milliseconds (0 if no confirmation was seen). */
    double ms(double percentile) {
        return microseconds.getTotalCount() == 0 ? 0 : microseconds.getValueAtPercentile(percentile) / 1_000.0;
    }

    double maxMs() {
        return microseconds.getMaxValue() / 1_000.0;
    }

    /** Confirmations that some event reached. */
    long seen() {
        return microseconds.getTotalCount();
    }

    /** Confirmations that no event reached before the stream was closed. */
    long unseen() {
        return unseen;
    }
}
