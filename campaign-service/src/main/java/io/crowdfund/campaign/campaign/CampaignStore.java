package io.crowdfund.campaign.campaign;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Campaigns with their tiers and milestones in PostgreSQL; locked loads for batches, one update per changed row. */
@Repository
public class CampaignStore {

    private static final String COLUMNS = """
            id, owner_id, owner_name, title, description, category, goal, current_funds, backer_count, start_date, deadline,
            status, allow_cancellation, created_at, closed_at""";

    private final JdbcClient sql;
    private final JdbcTemplate jdbc;

    CampaignStore(JdbcClient sql, JdbcTemplate jdbc) {
        this.sql = sql;
        this.jdbc = jdbc;
    }

    /** Filters of the campaign list; null means any. {@code titleContains}: a part of the title, in any case. */
    public record Filter(String category, CampaignStatus status, Instant startedAfter, Instant startedBefore, UUID ownerId,
            String titleContains) {
    }

    /** Orders of the campaign list, each ending in the id so that pages neither overlap nor skip. */
    public enum Order {
        /** Latest created first (index {@code campaigns_newest}). */
        NEWEST("created_at desc, id"),
        /** Active campaigns first, the nearest deadline first; then the closed ones (index {@code campaigns_ending_soon}). */
        ENDING_SOON("status <> 'ACTIVE', deadline, id"),
        /** Most money pledged first (no index on purpose: see V3__owner_name_and_list_orders.sql). */
        MOST_FUNDED("current_funds desc, id");

        private final String sql;

        Order(String sql) {
            this.sql = sql;
        }
    }

    List<Campaigns.Category> categories() {
        return sql.sql("select code, name from categories order by code").query(Campaigns.Category.class).list();
    }

    boolean categoryExists(String code) {
        return sql.sql("select exists(select 1 from categories where code = ?)").param(code).query(Boolean.class).single();
    }

    void insert(Campaign campaign) {
        sql.sql("""
                insert into campaigns (id, owner_id, owner_name, title, description, category, goal, current_funds, backer_count,
                    start_date, deadline, status, allow_cancellation, created_at)
                values (:id, :owner, :ownerName, :title, :description, :category, :goal, :funds, :backers, :start, :deadline, :status,
                    :cancel, :created)""")
                .param("id", campaign.id()).param("owner", campaign.ownerId()).param("ownerName", campaign.ownerName())
                .param("title", campaign.title())
                .param("description", campaign.description()).param("category", campaign.category()).param("goal", campaign.goal())
                .param("funds", campaign.currentFunds()).param("backers", campaign.backerCount())
                .param("start", Timestamp.from(campaign.startDate())).param("deadline", Timestamp.from(campaign.deadline()))
                .param("status", campaign.status().name()).param("cancel", campaign.allowCancellation())
                .param("created", Timestamp.from(campaign.createdAt()))
                .update();
        saveChildren(campaign);
    }

    public Optional<Campaign> find(UUID id) {
        return load("select " + COLUMNS + " from campaigns where id = :id", Map.of("id", id)).stream().findFirst();
    }

    /** Locks the campaigns (in id order) for the caller's transaction. */
    public Map<UUID, Campaign> lock(Collection<UUID> ids) {
        Map<UUID, Campaign> byId = new HashMap<>();
        if (!ids.isEmpty()) {
            load("select " + COLUMNS + " from campaigns where id in (:ids) order by id for update", Map.of("ids", ids))
                    .forEach(campaign -> byId.put(campaign.id(), campaign));
        }
        return byId;
    }

    /** Writes what changed: the campaign row, and its new or changed tiers and milestones. */
    public void save(Campaign campaign) {
        if (campaign.changed()) {
            sql.sql("""
                    update campaigns set title = :title, description = :description, category = :category,
                        current_funds = :funds, backer_count = :backers, status = :status, closed_at = :closed, updated_at = now()
                    where id = :id""")
                    .param("title", campaign.title()).param("description", campaign.description()).param("category", campaign.category())
                    .param("funds", campaign.currentFunds()).param("backers", campaign.backerCount()).param("status", campaign.status().name())
                    .param("closed", campaign.closedAt() == null ? null : Timestamp.from(campaign.closedAt())).param("id", campaign.id())
                    .update();
        }
        saveChildren(campaign);
    }

    public Page<Campaign> page(Filter filter, Order order, Pageable page) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> params = new HashMap<>();
        if (filter.category() != null) {
            where.append(" and category = :category");
            params.put("category", filter.category());
        }
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.startedAfter() != null) {
            where.append(" and start_date >= :after");
            params.put("after", Timestamp.from(filter.startedAfter()));
        }
        if (filter.startedBefore() != null) {
            where.append(" and start_date < :before");
            params.put("before", Timestamp.from(filter.startedBefore()));
        }
        if (filter.ownerId() != null) {
            where.append(" and owner_id = :owner");
            params.put("owner", filter.ownerId());
        }
        if (filter.titleContains() != null) {
            // No index serves a substring match; the count below reads every filtered row anyway, so at this size it adds little.
            where.append(" and title ilike :title escape '\\'");
            params.put("title", "%" + literally(filter.titleContains()) + "%");
        }
        long total = sql.sql("select count(*) from campaigns" + where).params(params).query(Long.class).single();
        params.put("limit", page.getPageSize());
        params.put("offset", page.getOffset());
        List<Campaign> content = load("select " + COLUMNS + " from campaigns" + where + " order by " + order.sql
                + " limit :limit offset :offset", params);
        return new PageImpl<>(content, page, total);
    }

    /** The text as a LIKE pattern that matches just itself: its wildcards and the escape character escaped. */
    private static String literally(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private List<Campaign> load(String query, Map<String, ?> params) {
        List<Row> rows = sql.sql(query).params(params).query(CampaignStore::row).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = rows.stream().map(Row::id).toList();
        Map<UUID, List<RewardTier>> tiers = new LinkedHashMap<>();
        sql.sql("""
                select campaign_id, id, title, description, minimum_amount, quantity_available, quantity_claimed
                from reward_tiers where campaign_id in (:ids) order by campaign_id, position""").param("ids", ids)
                .query((ResultSet rs) -> {
                    tiers.computeIfAbsent(rs.getObject("campaign_id", UUID.class), id -> new ArrayList<>()).add(new RewardTier(
                            rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("description"), rs.getBigDecimal("minimum_amount"),
                            (Integer) rs.getObject("quantity_available"), rs.getInt("quantity_claimed"), false));
                });
        Map<UUID, List<Milestone>> milestones = new LinkedHashMap<>();
        sql.sql("""
                select campaign_id, id, title, description, target, achieved_at
                from milestones where campaign_id in (:ids) order by campaign_id, position""").param("ids", ids)
                .query((ResultSet rs) -> {
                    Timestamp achieved = rs.getTimestamp("achieved_at");
                    milestones.computeIfAbsent(rs.getObject("campaign_id", UUID.class), id -> new ArrayList<>()).add(new Milestone(
                            rs.getObject("id", UUID.class), rs.getString("title"), rs.getString("description"), rs.getBigDecimal("target"),
                            achieved == null ? null : achieved.toInstant(), false));
                });
        return rows.stream().map(row -> row.toCampaign(tiers.getOrDefault(row.id(), List.of()), milestones.getOrDefault(row.id(), List.of())))
                .toList();
    }

    private void saveChildren(Campaign campaign) {
        List<RewardTier> tiers = campaign.rewardTiers();
        List<Object[]> newTiers = new ArrayList<>();
        for (int position = 0; position < tiers.size(); position++) {
            RewardTier tier = tiers.get(position);
            if (tier.fresh()) {
                newTiers.add(new Object[] {tier.id(), campaign.id(), position, tier.title(), tier.description(), tier.minimumAmount(),
                        tier.quantityAvailable(), tier.quantityClaimed()});
            }
        }
        jdbc.batchUpdate("""
                insert into reward_tiers (id, campaign_id, position, title, description, minimum_amount, quantity_available, quantity_claimed)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""", newTiers);
        jdbc.batchUpdate("update reward_tiers set quantity_claimed = ? where id = ?",
                tiers.stream().filter(t -> !t.fresh() && t.changed()).map(t -> new Object[] {t.quantityClaimed(), t.id()}).toList());
        List<Milestone> milestones = campaign.milestones();
        List<Object[]> newMilestones = new ArrayList<>();
        for (int position = 0; position < milestones.size(); position++) {
            Milestone milestone = milestones.get(position);
            if (milestone.fresh()) {
                newMilestones.add(new Object[] {milestone.id(), campaign.id(), position, milestone.title(), milestone.description(),
                        milestone.target(), timestamp(milestone.achievedAt())});
            }
        }
        jdbc.batchUpdate("""
                insert into milestones (id, campaign_id, position, title, description, target, achieved_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""", newMilestones);
        jdbc.batchUpdate("update milestones set achieved_at = ? where id = ?",
                milestones.stream().filter(m -> !m.fresh() && m.changed()).map(m -> new Object[] {timestamp(m.achievedAt()), m.id()}).toList());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private record Row(UUID id, UUID ownerId, String ownerName, String title, String description, String category,
            BigDecimal goal, BigDecimal funds, int backers, Instant start, Instant deadline, CampaignStatus status, boolean cancel,
            Instant created, Instant closed) {

        Campaign toCampaign(List<RewardTier> tiers, List<Milestone> milestones) {
            return new Campaign(id, ownerId, ownerName, title, description, category, goal, funds, backers, start, deadline, status,
                    cancel, tiers, milestones, created, closed);
        }
    }

    private static Row row(ResultSet rs, int number) throws SQLException {
        Timestamp closed = rs.getTimestamp("closed_at");
        return new Row(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class), rs.getString("owner_name"),
                rs.getString("title"), rs.getString("description"), rs.getString("category"), rs.getBigDecimal("goal"), rs.getBigDecimal("current_funds"),
                rs.getInt("backer_count"), rs.getTimestamp("start_date").toInstant(), rs.getTimestamp("deadline").toInstant(),
                CampaignStatus.valueOf(rs.getString("status")), rs.getBoolean("allow_cancellation"),
                rs.getTimestamp("created_at").toInstant(), closed == null ? null : closed.toInstant());
    }
}
