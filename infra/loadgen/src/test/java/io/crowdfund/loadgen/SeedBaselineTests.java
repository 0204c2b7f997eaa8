package io.crowdfund.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The load models, the seed-design baseline and the report against a real PostgreSQL: the baseline
 * must be a correct (if slow) implementation, or the comparison means nothing.
 */
class SeedBaselineTests {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @Test
    void sellsExactlyTheLimitedTierAndConservesMoneyUnderConcurrentPledges(@TempDir Path results) throws Exception {
        var models = new LoadModels(new Progress(), 5);
        String server = "jdbc:postgresql://localhost:" + postgres.getPort();
        try (var seed = new SeedBaseline(server, "postgres", "postgres", 16, 5, 20, 50)) {
            Round alone = models.closed("one backer at a time", seed, 500, 1);
            assertThat(alone.confirmed()).as("100 want the tier, 50 get it, nothing fails alone").isEqualTo(450);
            assertThat(alone.count("REJECTED REWARD_SOLD_OUT")).isEqualTo(50);

            Round closed = models.closed("closed", seed, 1_000, 16);
            Round open = models.open("open", seed, 200, Duration.ofSeconds(2), 1_000);
            assertThat(closed.total()).isEqualTo(1_000);
            assertThat(closed.count("REJECTED REWARD_SOLD_OUT") + failures(closed)).as("the tier is sold out").isGreaterThanOrEqualTo(200);
            assertThat(closed.confirmed() + closed.count("REJECTED REWARD_SOLD_OUT") + failures(closed)).isEqualTo(1_000);
            assertThat(open.total()).isEqualTo(400);
            assertThat(seed.invariants(50)).allMatch(Invariant::holds);

            var report = new Report(results, "test", "a test run");
            report.add(closed);
            report.add(open);
            report.roundsTable();
            Path written = report.write();
            assertThat(Files.readString(written)).contains("| closed | 1,000 |").contains("REJECTED REWARD_SOLD_OUT=");
            assertThat(Files.size(results.resolve("throughput.png"))).isPositive();
            assertThat(Files.size(results.resolve("latency.png"))).isPositive();
        }
    }

    private static long failures(Round round) {
        return round.outcomes().entrySet().stream().filter(e -> e.getKey().startsWith("FAILED")).mapToLong(e -> e.getValue()).sum();
    }
}
