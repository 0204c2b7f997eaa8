package io.crowdfund.pledge.saga;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import io.crowdfund.pledge.PledgeProperties;
import io.crowdfund.web.VelocityProperties;

/**
 * The pledges a backer may make in a period ({@code PLEDGES_PER_USER_PER_MINUTE}), kept in the
 * intake's own transaction: a batch of requests takes its backers' shares in two statements and
 * commits them with the pledges, instead of a transaction (and a flushed commit) of its own per
 * request. Shared by every replica, since it is a row per backer in the service's database.
 * <p>
 * A token bucket with greedy refill, kept as one time per backer (the generic cell rate algorithm):
 * {@code full_at}, when the backer's bucket is full again. Each pledge moves it one interval
 * (period ÷ capacity) later, starting from now if it lies in the past; a pledge that would move it
 * more than one period ahead of now is refused, with the time until it would not. So a backer may
 * make {@code capacity} pledges at once, then one per interval. Capacity 0 turns the limit off.
 */
@Repository
class BackerPace {

    /** The limit's name in the 429 problem. */
    static final String LIMIT = "pledges-per-user";

    /**
     * Makes the missing rows and locks them all, in backer order (two intake writers lock their
     * shared backers in the same order): a conflicting insert locks the row and returns it as it was.
     */
    private static final String LOCK = """
            insert into backer_pace as p (backer_id, full_at)
            select backer, ? from unnest(?::uuid[]) as backer
            on conflict (backer_id) do update set full_at = p.full_at
            returning backer_id, full_at""";

    private static final String UPDATE = """
            update backer_pace p set full_at = v.full_at
            from unnest(?::uuid[], ?::timestamptz[]) as v (backer_id, full_at)
            where p.backer_id = v.backer_id""";

    private final JdbcTemplate jdbc;
    private final long periodMicros;
    private final long intervalMicros;
    private final boolean off;

    @Autowired
    BackerPace(JdbcTemplate jdbc, PledgeProperties properties) {
        this(jdbc, properties.pledgesPerBacker());
    }

    BackerPace(JdbcTemplate jdbc, VelocityProperties.Limit limit) {
        this.jdbc = jdbc;
        this.off = limit.capacity() == 0;
        this.periodMicros = limit.period().toNanos() / 1_000;
        // whole microseconds, as PostgreSQL keeps times: rounded down, at least 1
        this.intervalMicros = off ? 0 : Math.max(1, periodMicros / limit.capacity());
    }

    /**
     * Takes one pledge's share for each backer in the list (a backer may appear several times), in
     * the caller's transaction. Per entry, in order: empty when it may pass, else how long until it
     * would.
     */
    List<Optional<Duration>> take(List<UUID> backers, Instant now) {
        if (off || backers.isEmpty()) {
            return Collections.nCopies(backers.size(), Optional.empty());
        }
        long nowMicros = micros(now);
        UUID[] ordered = new TreeSet<>(backers).toArray(UUID[]::new);
        Map<UUID, Long> fullAt = new HashMap<>();
        jdbc.query(LOCK, rs -> {
            fullAt.put(rs.getObject("backer_id", UUID.class), micros(rs.getTimestamp("full_at").toInstant()));
        }, Timestamp.from(now), new SqlArrayValue("uuid", (Object[]) ordered));
        List<Optional<Duration>> answers = new ArrayList<>(backers.size());
        for (UUID backer : backers) {
            long next = Math.max(fullAt.get(backer), nowMicros) + intervalMicros;
            if (next - nowMicros > periodMicros) {
                answers.add(Optional.of(Duration.of(next - nowMicros - periodMicros, ChronoUnit.MICROS)));
            } else {
                fullAt.put(backer, next);
                answers.add(Optional.empty());
            }
        }
        Timestamp[] times = new Timestamp[ordered.length];
        for (int i = 0; i < ordered.length; i++) {
            times[i] = Timestamp.from(Instant.EPOCH.plus(fullAt.get(ordered[i]), ChronoUnit.MICROS));
        }
        jdbc.update(UPDATE, new SqlArrayValue("uuid", (Object[]) ordered), new SqlArrayValue("timestamptz", (Object[]) times));
        return answers;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
