package io.crowdfund.pledge.saga;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import io.crowdfund.pledge.saga.FundsTimeline.Point;

/**
 * Funds timelines computed by PostgreSQL in one statement: the campaign's counting pledges are found
 * through {@code pledges_by_campaign} (campaign_id, status, created_at), the bucket is chosen from
 * their span and they are grouped with {@code date_bin}; only the points come back.
 */
@Repository
class FundsTimelines {

    /** Buckets start at whole multiples of their width from a Monday midnight UTC: days at midnight UTC, weeks on Mondays. */
    private static final OffsetDateTime ORIGIN = OffsetDateTime.parse("2001-01-01T00:00Z");

    /** One row per point, oldest first; a single row with no point when no pledge counts (then the narrowest bucket). */
    private static final String TIMELINE = """
            with counting as (
                select created_at, amount from pledges where campaign_id = :campaign and status in ('CONFIRMED', 'COLLECTED')
            ), span as (
                select min(created_at) as first, max(created_at) as last from counting
            ), widths as (
                select w.rank, w.seconds, make_interval(secs => w.seconds) as width
                from unnest(cast(:widths as bigint[])) with ordinality as w (seconds, rank)
            ), bucket as (
                select widths.seconds, widths.width from widths, span
                where span.first is null or widths.rank = :widest
                    or extract(epoch from date_bin(widths.width, span.last, :origin) - date_bin(widths.width, span.first, :origin))
                        / widths.seconds + 1 <= :maxPoints
                order by widths.rank limit 1
            ), points as (
                select date_bin(bucket.width, counting.created_at, :origin) as at, sum(counting.amount) as amount, count(*) as pledges
                from counting, bucket group by 1
            )
            select bucket.seconds as bucket_seconds, points.at, points.amount, points.pledges,
                sum(points.amount) over (order by points.at) as cumulative_amount
            from bucket left join points on true
            order by points.at""";

    private final JdbcClient sql;

    FundsTimelines(JdbcClient sql) {
        this.sql = sql;
    }

    FundsTimeline of(UUID campaignId) {
        List<Row> rows = sql.sql(TIMELINE).param("campaign", campaignId)
                .param("widths", new SqlArrayValue("int8", FundsTimeline.BUCKETS.stream().map(Duration::toSeconds).toArray()))
                .param("widest", FundsTimeline.BUCKETS.size()).param("maxPoints", FundsTimeline.MAX_POINTS).param("origin", ORIGIN)
                .query(FundsTimelines::row).list();
        return new FundsTimeline(campaignId, rows.getFirst().bucket(), rows.stream().map(Row::point).filter(Objects::nonNull).toList());
    }

    private record Row(Duration bucket, Point point) {
    }

    private static Row row(ResultSet rs, int number) throws SQLException {
        Duration bucket = Duration.ofSeconds(rs.getLong("bucket_seconds"));
        if (rs.getTimestamp("at") == null) {
            return new Row(bucket, null);
        }
        return new Row(bucket, new Point(rs.getTimestamp("at").toInstant(), rs.getBigDecimal("amount"), rs.getLong("pledges"),
                rs.getBigDecimal("cumulative_amount")));
    }
}
