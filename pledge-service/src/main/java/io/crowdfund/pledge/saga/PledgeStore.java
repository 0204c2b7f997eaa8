package io.crowdfund.pledge.saga;

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
            new Column("varchar", Pledge::rejectionReason), new Column("int4", Pledge::attempts),
            new Column("timestamptz", p -> Timestamp.from(p.stepStartedAt())), new Column("uuid", Pledge::ownerId),
            new Column("numeric", Pledge::campaignFunds), new Column("int4", Pledge::backerCount),
            new Column("varchar", Pledge::idempotencyKey), new Column("varchar", Pledge::requestHash),
            new Column("timestamptz", p -> Timestamp.from(p.createdAt())), new Column("timestamptz", p -> Timestamp.from(p.updatedAt())));

    private static final String INSERT_UNLESS_KEY_TAKEN = """
            insert into pledges (%s)
            select * from unnest(%s)
            on conflict (backer_id, idempotency_key) where idempotency_key is not null do nothing
            returning id""".formatted(COLUMNS, String.join(", ", INSERTED.stream().map(column -> "?::" + column.type() + "[]").toList()));

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
        return new HashSet<>(jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement(INSERT_UNLESS_KEY_TAKEN);
            for (int i = 0; i < INSERTED.size(); i++) {
                Column column = INSERTED.get(i);
                insert.setArray(i + 1, connection.createArrayOf(column.type(), pledges.stream().map(column.value()).toArray()));
            }
            return insert;
        }, (rs, n) -> rs.getObject("id", UUID.class)));
    }

    /** A column of {@link #COLUMNS} as an array parameter of the insert: its PostgreSQL type and its value. */
    private record Column(String type, Function<Pledge, Object> value) {
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
            sql.sql("select " + COLUMNS + " from pledges where id in (:ids) order by id for update").param("ids", ids)
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

    void save(Collection<Pledge> pledges) {
        jdbc.batchUpdate("""
                update pledges set status = ?, step = ?, rejection_reason = ?, attempts = ?, step_started_at = ?, owner_id = ?,
                    campaign_funds = ?, backer_count = ?, updated_at = ?
                where id = ?""",
                pledges.stream().filter(Pledge::changed).map(p -> new Object[] {p.status().name(), p.step().name(), p.rejectionReason(),
                        p.attempts(), Timestamp.from(p.stepStartedAt()), p.ownerId(), p.campaignFunds(), p.backerCount(),
                        Timestamp.from(p.updatedAt()), p.id()}).toList());
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

    private static Pledge pledge(ResultSet rs, int number) throws SQLException {
        return new Pledge(rs.getObject("id", UUID.class), rs.getObject("campaign_id", UUID.class), rs.getObject("backer_id", UUID.class),
                rs.getBigDecimal("amount"), rs.getObject("reward_tier_id", UUID.class), PledgeStatus.valueOf(rs.getString("status")),
                SagaStep.valueOf(rs.getString("step")), rs.getString("rejection_reason"), rs.getInt("attempts"),
                rs.getTimestamp("step_started_at").toInstant(), rs.getObject("owner_id", UUID.class), rs.getBigDecimal("campaign_funds"),
                (Integer) rs.getObject("backer_count"), rs.getString("idempotency_key"), rs.getString("request_hash"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
