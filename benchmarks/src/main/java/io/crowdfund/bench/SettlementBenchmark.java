package io.crowdfund.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.ServiceJar;
import io.crowdfund.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * Settles a failed campaign with many confirmed pledges through the real services (wallet,
 * campaign, pledge and closure, each its own process): an operator closes it and the time runs until
 * closure-service reports it SETTLED, with progress printed meanwhile. The campaign is created through
 * the API; its confirmed pledges, with their holds, ledger rows and claims, are written straight into
 * the services' databases, exactly as that many sagas would have left them, because pledging them one
 * by one would take longer than the settlement measured here. Afterwards it checks that every backer
 * has all their money back and that the wallets reconcile.
 * Arguments: [pledges, default 100000] [backers, default 1000].
 */
public final class SettlementBenchmark {

    private static final BigDecimal AMOUNT = new BigDecimal("10.00");

    public static void main(String[] args) {
        int pledges = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int backers = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int exit;
        try (var platform = new BenchPlatform()) {
            ServiceJar closure = platform.service("closure-service");
            System.out.println("Starting wallet-, campaign-, pledge- and closure-service...");
            platform.start(platform.wallet, platform.campaign, platform.pledge, closure);
            exit = measure(platform, closure, pledges, backers);
        } catch (RuntimeException | SQLException e) {
            e.printStackTrace();
            exit = 1;
        }
        System.exit(exit);
    }

    private static int measure(BenchPlatform platform, ServiceJar closure, int pledges, int backers) throws SQLException {
        String owner = platform.token(platform.register());
        var created = platform.campaigns().post("/campaigns", owner, """
                {"title": "Big and failing", "description": "", "category": "community", "goal": 100000000, "deadline": "%s"}"""
                .formatted(Instant.now().plus(Duration.ofDays(1)))).json();
        UUID campaign = UUID.fromString(created.get("id").asString());
        UUID ownerId = UUID.fromString(created.get("ownerId").asString());
        var closures = new HttpTestClient(closure.baseUrl());
        awaitUntil(() -> closures.get("/closures/" + campaign, null).status() == 200, "closure-service to schedule the campaign");

        System.out.printf("Writing %,d confirmed pledges of %s by %,d backers into the services' databases...%n", pledges, AMOUNT, backers);
        long seeding = System.nanoTime();
        seed(campaign, ownerId, pledges, backers);
        System.out.printf("  written in %.1f s%n", (System.nanoTime() - seeding) / 1e9);

        String operator = platform.token("operator", "operator-pass");
        long start = System.nanoTime();
        closures.post("/closures/" + campaign + "/close", operator, "");
        JsonNode state;
        String last = "";
        while (true) {
            state = closures.get("/closures/" + campaign, null).json();
            String line = "%-9s pledges settled %,d, refunded %s".formatted(state.get("state").asString(), state.get("pledgesSettled").asLong(),
                    state.get("amountRefunded").asString());
            if (!line.equals(last)) {
                System.out.printf("  %6.1f s  %s%n", (System.nanoTime() - start) / 1e9, line);
                last = line;
            }
            if ("SETTLED".equals(state.get("state").asString())) {
                break;
            }
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                throw new IllegalStateException("Not settled within 10 minutes");
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        BigDecimal expected = AMOUNT.multiply(BigDecimal.valueOf(pledges));
        boolean exact;
        try (Connection wallet = connect("wallet-service")) {
            var check = wallet.createStatement().executeQuery("""
                    select sum(balance), sum(reserved) from wallets
                    where user_id in (select distinct user_id from holds where campaign_id = '%s')""".formatted(campaign));
            check.next();
            exact = check.getBigDecimal(1).compareTo(expected) == 0 && check.getBigDecimal(2).signum() == 0;
        }
        boolean balanced = platform.wallets().get("/wallets/reconciliation", operator).json().get("balanced").asBoolean();
        long refunded = platform.pledges().get("/pledges?campaignId=" + campaign + "&status=REFUNDED&size=1", operator)
                .json().get("page").get("totalElements").asLong();
        System.out.printf("%nSettlement of a failed campaign (%d cores; four services as processes, PostgreSQL and Kafka on this machine)%n",
                Runtime.getRuntime().availableProcessors());
        System.out.printf("  %,d confirmed pledges (%s) refunded in %.1f s, close to SETTLED%n", pledges, expected.toPlainString(), seconds);
        System.out.printf("  afterwards: %,d pledges REFUNDED; the backers hold all their money again and reserve nothing: %s; wallets reconciled: %s%n",
                refunded, exact, balanced);
        return exact && balanced && refunded >= pledges ? 0 : 1;
    }

    /** What {@code pledges} completed sagas leave in the wallet, pledge and campaign databases. */
    private static void seed(UUID campaign, UUID owner, int pledges, int backers) throws SQLException {
        String pledge = "md5('%s-pledge-' || i)::uuid".formatted(campaign);
        String backer = "md5('%s-backer-' || (i %% %d))::uuid".formatted(campaign, backers);
        try (Connection wallet = connect("wallet-service")) {
            execute(wallet, """
                    insert into wallets (user_id, balance, reserved)
                    select %s, 0, count(*) * %s from generate_series(1, %d) i group by 1""".formatted(backer, AMOUNT, pledges));
            execute(wallet, """
                    insert into ledger (id, user_id, type, amount)
                    select gen_random_uuid(), %s, 'DEPOSIT', count(*) * %s from generate_series(1, %d) i group by 2""".formatted(backer, AMOUNT, pledges));
            execute(wallet, """
                    insert into holds (pledge_id, user_id, campaign_id, amount, status)
                    select %s, %s, '%s', %s, 'HELD' from generate_series(1, %d) i""".formatted(pledge, backer, campaign, AMOUNT, pledges));
            execute(wallet, """
                    insert into ledger (id, user_id, type, amount, pledge_id, campaign_id)
                    select gen_random_uuid(), %s, 'PLEDGE', -%s, %s, '%s' from generate_series(1, %d) i""".formatted(backer, AMOUNT, pledge, campaign, pledges));
        }
        try (Connection pledgeDb = connect("pledge-service")) {
            execute(pledgeDb, """
                    insert into pledges (id, campaign_id, backer_id, amount, status, step, attempts, step_started_at, owner_id, created_at, updated_at)
                    select %s, '%s', %s, %s, 'CONFIRMED', 'DONE', 1, now(), '%s', now(), now() from generate_series(1, %d) i"""
                    .formatted(pledge, campaign, backer, AMOUNT, owner, pledges));
        }
        try (Connection campaignDb = connect("campaign-service")) {
            execute(campaignDb, """
                    insert into claims (pledge_id, campaign_id, backer_id, amount, status)
                    select %s, '%s', %s, %s, 'CLAIMED' from generate_series(1, %d) i""".formatted(pledge, campaign, backer, AMOUNT, pledges));
            execute(campaignDb, "update campaigns set current_funds = current_funds + %s, backer_count = backer_count + %d where id = '%s'"
                    .formatted(AMOUNT.multiply(BigDecimal.valueOf(pledges)), Math.min(backers, pledges), campaign));
        }
    }

    private static Connection connect(String service) throws SQLException {
        var infrastructure = TestInfrastructure.get();
        return DriverManager.getConnection(infrastructure.jdbcUrl(ServiceJar.databaseOf(service)), infrastructure.username(), infrastructure.password());
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (var sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
