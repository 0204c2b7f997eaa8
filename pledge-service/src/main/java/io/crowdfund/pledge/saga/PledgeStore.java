package io.crowdfund.pledge.saga;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Pledges in PostgreSQL: locked loads for a batch of replies, batched writes of what changed. */
@Repository
class PledgeStore {

    private static final String COLUMNS = """
            id, campaign_id, backer_id, amount, reward_tier_id, status, step, rejection_reason, attempts, step_started_at,
            owner_id, campaign_funds, backer_count, idempotency_key, request_hash, created_at, updated_at""";

    /** The values of {@link #COLUMNS}, in its order, for the unnest insert. */
    private static final List<Column> INSERTED = List.of(
            new Column("uuid", Pledge::id), new Column("uuid", Pledge::campaignId), new Column("uuid", Pledge::backerId),
            new Column("numeric", Pledge::amount), new Column("uuid", Pledge::rewardTierId),
            new Column("varchar", p -> p.status().name()), new Column("varchar", p -> p.step().name()),
            new Column("varchar", PledgeStore::rejectionName), new Column("int4", Pledge::attempts),
            new Column("timestamptz", p -> Timestamp.from(p.stepStartedAt())), new Column("uuid", Pledge::ownerId),
            new Column("numeric", Pledge::campaignFunds), new Column("int4", Pledge::backerCount),
            new Column("varchar", Pledge::idempotencyKey), new Column("varchar", Pledge::requestHash),
            new Column("timestamptz", p -> Timestamp.from(p.createdAt())), new Column("timestamptz", p -> Timestamp.from(p.updatedAt())));

    private static final String INSERT_UNLESS_KEY_TAKEN = """
            insert into pledges (%s)
            select * from unnest(%s)
            on conflict (backer_id, idempotency_key) where idempotency_key is not null do nothing
            returning id""".formatted(COLUMNS, arrayParameters(INSERTED));

    /** What a saga step changes, with the id first: the values of the unnest update, in its order. */
    private static final List<Column> UPDATED = List.of(
            new Column("uuid", Pledge::id), new Column("varchar", p -> p.status().name()), new Column("varchar", p -> p.step().name()),
            new Column("varchar", PledgeStore::rejectionName), new Column("int4", Pledge::attempts),
            new Column("timestamptz", p -> Timestamp.from(p.stepStartedAt())), new Column("uuid", Pledge::ownerId),
            new Column("numeric", Pledge::campaignFunds), new Column("int4", Pledge::backerCount),
            new Column("timestamptz", p -> Timestamp.from(p.updatedAt())));

    /** One statement for a whole batch of changed pledges (one executor start instead of one per pledge). */
    private static final String UPDATE = """
            update pledges p set status = v.status, step = v.step, rejection_reason = v.rejection_reason, attempts = v.attempts,
                step_started_at = v.step_started_at, owner_id = v.owner_id, campaign_funds = v.campaign_funds,
                backer_count = v.backer_count, updated_at = v.updated_at
            from unnest(%s) as v (id, status, step, rejection_reason, attempts, step_started_at, owner_id, campaign_funds, backer_count, updated_at)
            where p.id = v.id""".formatted(arrayParameters(UPDATED));

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;

    PledgeStore(JdbcClient sql, JdbcTemplate jdbc) {
        this.sql = sql;
        this.jdbc = jdbc;
    }

    /**
     * Inserts the pledges in one statement, leaving out those whose backer has already used their
     * Idempotency-Key (also when two of them share one); the ids of those inserted.
     */
    Set<UUID> insertUnlessKeyTaken(List<Pledge> pledges) {
        if (pledges.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query(connection -> withArrays(connection, INSERT_UNLESS_KEY_TAKEN, INSERTED, pledges),
                (rs, n) -> rs.getObject("id", UUID.class)));
    }

    /** A column as an array parameter of an unnest statement: its PostgreSQL type and its value. */
    private record Column(String type, Function<Pledge, Object> value) {
    }

    private static String arrayParameters(List<Column> columns) {
        return String.join(", ", columns.stream().map(column -> "?::" + column.type() + "[]").toList());
    }

    /** The statement with one array parameter per column, holding that column's values of the pledges in order. */
    private static PreparedStatement withArrays(Connection connection, String statement, List<Column> columns, Collection<Pledge> pledges)
            throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement);
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            prepared.setArray(i + 1, connection.createArrayOf(column.type(), pledges.stream().map(column.value()).toArray()));
        }
        return prepared;
    }

    Optional<Pledge> find(UUID id) {
        return sql.sql("select " + COLUMNS + " from pledges where id = ?").param(id).query(PledgeStore::pledge).optional();
    }

    Optional<Pledge> findByIdempotencyKey(UUID backerId, String key) {
        return sql.sql("select " + COLUMNS + " from pledges where backer_id = ? and idempotency_key = ?").params(backerId, key)
                .query(PledgeStore::pledge).optional();
    }

    /** Locks the pledges (in id order) for the caller's transaction. */
    Map<UUID, Pledge> lock(Collection<UUID> ids) {
        Map<UUID, Pledge> byId = new HashMap<>();
        if (!ids.isEmpty()) {
            sql.sql("select " + COLUMNS + " from pledges where id = any(?) order by id for update").param(new SqlArrayValue("uuid", ids.toArray()))
                    .query(PledgeStore::pledge).list().forEach(p -> byId.put(p.id(), p));
        }
        return byId;
    }

    /** Locks sagas that have waited on their step since before the given time, skipping those another replica holds. */
    List<Pledge> lockWaitingSince(Instant before, int limit) {
        return sql.sql("select " + COLUMNS + " from pledges where moving and step_started_at < ? "
                        + "order by step_started_at limit ? for update skip locked")
                .params(Timestamp.from(before), limit).query(PledgeStore::pledge).list();
    }

    /** Writes the changed pledges' saga state in one statement. */
    void save(Collection<Pledge> pledges) {
        List<Pledge> changed = pledges.stream().filter(Pledge::changed).toList();
        if (!changed.isEmpty()) {
            jdbc.update(connection -> withArrays(connection, UPDATE, UPDATED, changed));
        }
    }

    Page<Pledge> page(String column, UUID value, PledgeStatus status, Pageable page) {
        String where = " where " + column + " = :value" + (status == null ? "" : " and status = :status");
        Map<String, Object> params = new HashMap<>();
        params.put("value", value);
        if (status != null) {
            params.put("status", status.name());
        }
        long total = sql.sql("select count(*) from pledges" + where).params(params).query(Long.class).single();
        params.put("limit", page.getPageSize());
        params.put("offset", page.getOffset());
        List<Pledge> content = sql.sql("select " + COLUMNS + " from pledges" + where + " order by created_at desc, id limit :limit offset :offset")
                .params(params).query(PledgeStore::pledge).list();
        return new PageImpl<>(content, page, total);
    }

    private static String rejectionName(Pledge pledge) {
        return pledge.rejectionReason() == null ? null : pledge.rejectionReason().name();
    }

    private static PledgeRejection rejection(String reason) {
        return reason == null ? null : PledgeRejection.valueOf(reason);
    }

    private static Pledge pledge(ResultSet rs, int number) throws SQLException {
        return new Pledge(rs.getObject("id", UUID.class), rs.getObject("campaign_id", UUID.class), rs.getObject("backer_id", UUID.class),
                rs.getBigDecimal("amount"), rs.getObject("reward_tier_id", UUID.class), PledgeStatus.valueOf(rs.getString("status")),
                SagaStep.valueOf(rs.getString("step")), rejection(rs.getString("rejection_reason")), rs.getInt("attempts"),
                rs.getTimestamp("step_started_at").toInstant(), rs.getObject("owner_id", UUID.class), rs.getBigDecimal("campaign_funds"),
                (Integer) rs.getObject("backer_count"), rs.getString("idempotency_key"), rs.getString("request_hash"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
