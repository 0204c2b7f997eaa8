package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceJar;
import io.crowdfund.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * wallet-service's database becomes unreachable for 60 s in the middle of a campaign's settlement,
 * with some of its holds captured and the rest not, and the settlement still ends SETTLED with every
 * balance right to the cent and the wallets reconciled. The outage is made on the PostgreSQL server
 * with a superuser's connection, as a fail-over or a network partition would look to the service: no
 * new connections to the database, and every open one cut.
 */
class WalletDatabaseOutageSystemTests {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String WALLET_DATABASE = ServiceJar.databaseOf("wallet-service");
    private static Platform platform;

    @BeforeAll
    static void start() {
        // wallet-service settles two holds per transaction, so that a settlement of six has a middle;
        // every other setting, closure-service's re-ask interval (2 minutes) among them, is the default
        platform = new Platform(Map.of(), Map.of("WALLET_SETTLEMENT_CHUNK_SIZE", "2"), Map.of("PLEDGE_STEP_TIMEOUT", "5s", "PLEDGE_SCAN_INTERVAL", "1s"))
                .start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void settlesToTheCentWhenWalletServicesDatabaseIsAwayForAMinuteMidSettlement() throws Exception {
        var owner = platform.user("0");
        List<String> amounts = List.of("10.01", "20.02", "30.03", "15.55", "7.77", "16.62");
        List<Platform.User> backers = platform.users(amounts.size(), "100.00");
        String campaign = platform.campaign(owner, "50", 10).json().get("id").asString();
        List<String> pledges = new ArrayList<>();
        for (int i = 0; i < amounts.size(); i++) {
            pledges.add(confirmed(backers.get(i), campaign, amounts.get(i)));
        }
        await().atMost(WAIT).until(() -> platform.closures().get("/closures/" + campaign, null).status() == 200);
        // wallet-service settles holds in pledge id order (PostgreSQL's uuid order is the text's), two at a time
        String fourth = pledges.stream().sorted(Comparator.naturalOrder()).toList().get(3);

        Instant closed;
        Instant down;
        Instant up;
        try (Connection wallet = superuser(WALLET_DATABASE); Connection server = superuser("postgres")) {
            // the fourth hold locked: the first chunk commits, the second waits on it, mid-settlement
            wallet.setAutoCommit(false);
            query(wallet, "select 1 from holds where pledge_id = '" + fourth + "' for update");
            closed = Instant.now();
            Response close = platform.closures().post("/closures/" + campaign + "/close", platform.operatorToken(), "");
            assertThat(close.status()).as(close.body()).isEqualTo(202);
            await().atMost(WAIT).until(() -> longOf(wallet, "select holds_settled from settlements where campaign_id = '" + campaign + "'") == 2
                    && longOf(wallet, "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'") >= 1);
            assertThat(state(campaign)).isEqualTo("SETTLING");

            down = Instant.now();
            try {
                update(server, "alter database " + WALLET_DATABASE + " allow_connections false");
                int walletSession = (int) longOf(wallet, "select pg_backend_pid()");
                long cut = longOf(server, "select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '" + WALLET_DATABASE
                        + "' and pid <> " + walletSession);
                assertThat(cut).as("wallet-service's connections cut").isPositive();
                await().atMost(WAIT).until(() -> longOf(server, "select count(*) from pg_stat_activity where datname = '" + WALLET_DATABASE
                        + "' and pid <> " + walletSession) == 0);
                wallet.rollback();
                wallet.close();
                // away for a minute: nothing settles meanwhile, and the closure keeps waiting for wallet-service
                await().pollInterval(Duration.ofSeconds(1)).during(OUTAGE.minus(Duration.between(down, Instant.now())))
                        .atMost(OUTAGE.plusSeconds(10)).until(() -> "SETTLING".equals(state(campaign)));
            } finally {
                update(server, "alter database " + WALLET_DATABASE + " allow_connections true");
                up = Instant.now();
            }
        }

        await().atMost(WAIT.multipliedBy(2)).until(() -> "SETTLED".equals(state(campaign)));
        Instant settled = Instant.now();
        JsonNode closure = platform.closures().get("/closures/" + campaign, null).json();
        assertThat(closure.get("outcome").asString()).isEqualTo("SUCCESSFUL");
        assertThat(closure.get("pledgesSettled").asLong()).isEqualTo(6);
        assertThat(closure.get("amountPaidOut").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(platform.wallet(owner)).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00"));
        assertThat(transactionTypes(owner)).as("paid once").containsExactly("PAYOUT");
        for (int i = 0; i < backers.size(); i++) {
            assertThat(platform.wallet(backers.get(i))).as("backer %d", i)
                    .containsExactly(new BigDecimal("100.00").subtract(new BigDecimal(amounts.get(i))), new BigDecimal("0.00"));
            assertThat(transactionTypes(backers.get(i))).as("backer %d: deposit and pledge, nothing refunded or taken twice", i)
                    .containsExactlyInAnyOrder("DEPOSIT", "PLEDGE");
            assertThat(platform.pledges().get("/pledges/" + pledges.get(i), backers.get(i).token()).json().get("status").asString())
                    .isEqualTo("COLLECTED");
        }
        var reconciliation = platform.wallets().get("/wallets/reconciliation", platform.operatorToken()).json();
        assertThat(reconciliation.get("balanced").asBoolean()).as(reconciliation.toString()).isTrue();
        System.out.printf("Wallet database outage mid-settlement: away %d s; closed to SETTLED %d s; database back to SETTLED %d s;"
                        + " closure asked again %d times%n", Duration.between(down, up).toSeconds(), Duration.between(closed, settled).toSeconds(),
                Duration.between(up, settled).toSeconds(), closure.get("reasks").asInt());
    }

    private static String confirmed(Platform.User backer, String campaign, String amount) {
        Response pledge = platform.pledges().post("/pledges", backer.token(),
                "{\"campaignId\": \"%s\", \"amount\": %s}".formatted(campaign, amount), "Prefer", "wait=10");
        assertThat(pledge.status()).as(pledge.body()).isEqualTo(201);
        return pledge.json().get("id").asString();
    }

    private static String state(String campaign) {
        return platform.closures().get("/closures/" + campaign, null).json().path("state").asString();
    }

    private static List<String> transactionTypes(Platform.User user) {
        List<String> types = new ArrayList<>();
        platform.wallets().get("/wallets/me/transactions", user.token()).json().get("content").forEach(row -> types.add(row.get("type").asString()));
        return types;
    }

    private static Connection superuser(String database) throws SQLException {
        var infrastructure = TestInfrastructure.get();
        return DriverManager.getConnection(infrastructure.jdbcUrl(database), infrastructure.username(), infrastructure.password());
    }

    private static void query(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeQuery().close();
        }
    }

    private static void update(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private static long longOf(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); var rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
