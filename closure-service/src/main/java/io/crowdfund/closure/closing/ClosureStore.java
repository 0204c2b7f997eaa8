package io.crowdfund.closure.closing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.crowdfund.contracts.campaign.CampaignOutcome;

/** Closures in PostgreSQL. */
@Repository
class ClosureStore {

    private static final String COLUMNS = """
            campaign_id, owner_id, deadline, state, outcome, pledges_settled, amount_refunded, amount_paid_out, fee,
            close_asked_at, closed_at, pledges_settled_at, settled_at, progressed_at, reasks, reasked_at""";

    private final JdbcClient sql;

    ClosureStore(JdbcClient sql) {
        this.sql = sql;
    }

    /** Records a new closure; false if the campaign has one already. */
    boolean insert(Closure c) {
        return sql.sql("""
                insert into closures (campaign_id, owner_id, deadline, state, progressed_at) values (?, ?, ?, ?, ?)
                on conflict (campaign_id) do nothing""")
                .params(c.campaignId(), c.ownerId(), Timestamp.from(c.deadline()), c.state().name(), Timestamp.from(c.progressedAt()))
                .update() == 1;
    }

    Optional<Closure> find(UUID campaignId) {
        return sql.sql("select " + COLUMNS + " from closures where campaign_id = ?").param(campaignId).query(ClosureStore::closure).optional();
    }

    Optional<Closure> lock(UUID campaignId) {
        return sql.sql("select " + COLUMNS + " from closures where campaign_id = ? for update").param(campaignId)
                .query(ClosureStore::closure).optional();
    }

    /** Locks scheduled campaigns past their deadline, skipping those another replica holds. */
    List<Closure> lockDue(Instant now, int limit) {
        return sql.sql("select " + COLUMNS + " from closures where state = 'SCHEDULED' and deadline <= ? order by deadline limit ? "
                        + "for update skip locked")
                .params(Timestamp.from(now), limit).query(ClosureStore::closure).list();
    }

    /**
     * Locks closures waiting on a participant that have neither moved nor asked again since {@code quietSince},
     * skipping those another replica holds. A row another replica re-asked meanwhile no longer matches once locked.
     */
    List<Closure> lockStalled(Instant quietSince, int limit) {
        return sql.sql("select " + COLUMNS + " from closures where state in ('CLOSING', 'SETTLING') and progressed_at <= ? "
                        + "and (reasked_at is null or reasked_at <= ?) order by progressed_at limit ? for update skip locked")
                .params(Timestamp.from(quietSince), Timestamp.from(quietSince), limit).query(ClosureStore::closure).list();
    }

    void save(Closure c) {
        sql.sql("""
                update closures set deadline = ?, state = ?, outcome = ?, pledges_settled = ?, amount_refunded = ?, amount_paid_out = ?,
                    fee = ?, close_asked_at = ?, closed_at = ?, pledges_settled_at = ?, settled_at = ?, progressed_at = ?, reasks = ?,
                    reasked_at = ?, updated_at = now()
                where campaign_id = ?""")
                .params(Timestamp.from(c.deadline()), c.state().name(), c.outcome() == null ? null : c.outcome().name(), c.pledgesSettled(),
                        c.amountRefunded(), c.amountPaidOut(), c.fee(), timestamp(c.closeAskedAt()), timestamp(c.closedAt()),
                        timestamp(c.pledgesSettledAt()), timestamp(c.settledAt()), timestamp(c.progressedAt()), c.reasks(),
                        timestamp(c.reaskedAt()), c.campaignId())
                .update();
    }

    Page<Closure> page(ClosureState state, Pageable page) {
        String where = state == null ? "" : " where state = :state";
        Map<String, Object> params = new HashMap<>();
        if (state != null) {
            params.put("state", state.name());
        }
        long total = sql.sql("select count(*) from closures" + where).params(params).query(Long.class).single();
        params.put("limit", page.getPageSize());
        params.put("offset", page.getOffset());
        List<Closure> content = sql.sql("select " + COLUMNS + " from closures" + where + " order by deadline desc, campaign_id limit :limit offset :offset")
                .params(params).query(ClosureStore::closure).list();
        return new PageImpl<>(content, page, total);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Closure closure(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString("outcome");
        return new Closure(rs.getObject("campaign_id", UUID.class), rs.getObject("owner_id", UUID.class), instant(rs, "deadline"),
                ClosureState.valueOf(rs.getString("state")), outcome == null ? null : CampaignOutcome.valueOf(outcome),
                rs.getLong("pledges_settled"), rs.getBigDecimal("amount_refunded"), rs.getBigDecimal("amount_paid_out"), rs.getBigDecimal("fee"),
                instant(rs, "close_asked_at"), instant(rs, "closed_at"), instant(rs, "pledges_settled_at"), instant(rs, "settled_at"),
                instant(rs, "progressed_at"), rs.getInt("reasks"), instant(rs, "reasked_at"));
    }
}
