package io.crowdfund.pledge.saga;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A campaign's funds over time: the pledges that count toward its funds now (CONFIRMED or
 * COLLECTED), by the time they were made, in buckets of one width, oldest first, empty buckets left
 * out. The width is the narrowest of {@link #BUCKETS} with at most {@link #MAX_POINTS} buckets from
 * the first pledge's to the last's.
 */
public record FundsTimeline(UUID campaignId, Duration bucket, List<Point> points) {

    /** The widths a timeline's buckets may have, narrowest first. */
    static final List<Duration> BUCKETS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7));

    static final int MAX_POINTS = 200;

    /** A bucket with pledges: where it starts, what was pledged in it, and the total up to its end. */
    public record Point(Instant at, BigDecimal amount, long pledges, BigDecimal cumulativeAmount) {
    }
}
