package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The seed design, minimally, as the baseline: one SERIALIZABLE transaction per pledge that takes
 * {@code FOR UPDATE} locks on the backer's, the campaign's and the tier's rows, checks the balance and
 * the tier's stock, moves the money and counts the pledge, retrying a serialization failure or
 * deadlock a bounded number of times. Plain JDBC in the load generator's JVM (no HTTP in front, which
 * flatters the baseline), against its own database on the same PostgreSQL.
 */
final class SeedBaseline implements PledgeTarget, AutoCloseable {

    static final String DATABASE = "seed_baseline";

    private final HikariDataSource pool;
    private final int maxAttempts;
    private final List<UUID> backers = new ArrayList<>();
    private final UUID campaign = UUID.randomUUID();
    private final UUID limitedTier = UUID.randomUUID();
    private final UUID unlimitedTier = UUID.randomUUID();

    /** Creates (or empties) the baseline database next to {@code serverUrl}'s and seeds it like the platform's rush. */
    SeedBaseline(String serverUrl, String username, String password, int connections, int maxAttempts, int backerCount,
            int limitedQuantity) {
        this.maxAttempts = maxAttempts;
        try (Connection admin = DriverManager.getConnection(serverUrl + "/postgres", username, password);
                Statement statement = admin.createStatement()) {
            ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating the baseline database on " + serverUrl + ": " + e.getMessage(), e);
        }
        var config = new HikariConfig();
        config.setJdbcUrl(serverUrl + "/" + DATABASE);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(connections);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
        pool = new HikariDataSource(config);
        seed(backerCount, limitedQuantity);
    }

    private void seed(int backerCount, int limitedQuantity) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("drop table if exists ledger, pledges, reward_tiers, campaigns, users");
            statement.execute("create table users (id uuid primary key, balance numeric(19,2) not null check (balance >= 0))");
            statement.execute("""
                    create table campaigns (id uuid primary key, current_funds numeric(19,2) not null, backer_count integer not null)""");
            statement.execute("""
                    create table reward_tiers (id uuid primary key, campaign_id uuid not null references campaigns,
                    minimum_amount numeric(19,2) not null, quantity_available integer, quantity_claimed integer not null)""");
            statement.execute("""
                    create table pledges (id uuid primary key, user_id uuid not null references users, campaign_id uuid not null references campaigns,
                    reward_tier_id uuid references reward_tiers, amount numeric(19,2) not null, status varchar(16) not null,
                    created_at timestamptz not null default now())""");
            statement.execute("create index pledges_by_user_campaign on pledges (user_id, campaign_id)");
            statement.execute("""
                    create table ledger (id bigserial primary key, user_id uuid not null references users, pledge_id uuid,
                    amount numeric(19,2) not null, created_at timestamptz not null default now())""");
            try (PreparedStatement user = connection.prepareStatement("insert into users (id, balance) values (?, ?)")) {
                for (int i = 0; i < backerCount; i++) {
                    UUID id = UUID.randomUUID();
                    backers.add(id);
                    user.setObject(1, id);
                    user.setBigDecimal(2, Platform.DEPOSIT);
                    user.addBatch();
                }
                user.executeBatch();
            }
            statement.execute("insert into campaigns values ('%s', 0, 0)".formatted(campaign));
            statement.execute("insert into reward_tiers values ('%s', '%s', %s, %d, 0), ('%s', '%s', %s, null, 0)".formatted(
                    limitedTier, campaign, Platform.LIMITED_AMOUNT, limitedQuantity, unlimitedTier, campaign, Platform.UNLIMITED_AMOUNT));
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding the baseline: " + e.getMessage(), e);
        }
    }

    @Override
    public Outcome pledge(int backer, boolean limited) {
        UUID user = backers.get(backer % backers.size());
        UUID tier = limited ? limitedTier : unlimitedTier;
        BigDecimal amount = limited ? Platform.LIMITED_AMOUNT : Platform.UNLIMITED_AMOUNT;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try (Connection connection = pool.getConnection()) {
                try {
                    Outcome outcome = pledgeOnce(connection, user, tier, amount);
                    connection.commit();
                    return outcome;
                } catch (SQLException e) {
                    connection.rollback();
                    if (!retryable(e)) {
                        return Outcome.failed("SQLSTATE " + e.getSQLState());
                    }
                }
            } catch (SQLException e) {
                return Outcome.failed("SQLSTATE " + e.getSQLState());
            }
        }
        return Outcome.failed("serialization failure after " + maxAttempts + " attempts");
    }

    private Outcome pledgeOnce(Connection connection, UUID user, UUID tier, BigDecimal amount) throws SQLException {
        BigDecimal balance = single(connection, "select balance from users where id = ? for update", user).getBigDecimal(1);
        single(connection, "select current_funds from campaigns where id = ? for update", campaign);
        ResultSet tierRow = single(connection, "select quantity_available, quantity_claimed from reward_tiers where id = ? for update", tier);
        int available = tierRow.getInt(1);
        boolean limitedStock = !tierRow.wasNull();
        int claimed = tierRow.getInt(2);
        if (balance.compareTo(amount) < 0) {
            return Outcome.rejected("INSUFFICIENT_FUNDS");
        }
        if (limitedStock && claimed >= available) {
            return Outcome.rejected("REWARD_SOLD_OUT");
        }
        boolean newBacker;
        try (var statement = connection.prepareStatement("select exists (select 1 from pledges where user_id = ? and campaign_id = ?)")) {
            statement.setObject(1, user);
            statement.setObject(2, campaign);
            ResultSet rs = statement.executeQuery();
            rs.next();
            newBacker = !rs.getBoolean(1);
        }
        UUID pledge = UUID.randomUUID();
        update(connection, "update users set balance = balance - ? where id = ?", amount, user);
        update(connection, "update reward_tiers set quantity_claimed = quantity_claimed + 1 where id = ?", tier);
        update(connection, "update campaigns set current_funds = current_funds + ?, backer_count = backer_count + ? where id = ?", amount,
                newBacker ? 1 : 0, campaign);
        update(connection, "insert into pledges (id, user_id, campaign_id, reward_tier_id, amount, status) values (?, ?, ?, ?, ?, 'CONFIRMED')",
                pledge, user, campaign, tier, amount);
        update(connection, "insert into ledger (user_id, pledge_id, amount) values (?, ?, ?)", user, pledge, amount.negate());
        return Outcome.CONFIRMED;
    }

    /** The baseline's own invariants: the limited tier not oversold, and money conserved. */
    List<Invariant> invariants(int limitedQuantity) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            ResultSet tier = statement.executeQuery("select quantity_claimed from reward_tiers where id = '" + limitedTier + "'");
            tier.next();
            long claimed = tier.getLong(1);
            ResultSet money = statement.executeQuery("""
                    select (select sum(balance) from users), (select coalesce(sum(amount), 0) from pledges),
                           (select current_funds from campaigns), (select count(*) from users)""");
            money.next();
            BigDecimal balances = money.getBigDecimal(1);
            BigDecimal pledged = money.getBigDecimal(2);
            BigDecimal funds = money.getBigDecimal(3);
            BigDecimal deposited = Platform.DEPOSIT.multiply(BigDecimal.valueOf(money.getLong(4)));
            connection.commit();
            return List.of(
                    new Invariant("baseline: limited tier not oversold", claimed <= limitedQuantity,
                            "quantity_claimed %d of %d".formatted(claimed, limitedQuantity)),
                    new Invariant("baseline: money conserved", balances.add(pledged).compareTo(deposited) == 0 && funds.compareTo(pledged) == 0,
                            "balances %s + pledged %s = deposits %s; campaign funds %s".formatted(balances, pledged, deposited, funds)));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean retryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    private static ResultSet single(Connection connection, String sql, UUID id) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setObject(1, id);
        ResultSet rs = statement.executeQuery();
        if (!rs.next()) {
            throw new SQLException("no row for " + id, "02000");
        }
        return rs;
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
