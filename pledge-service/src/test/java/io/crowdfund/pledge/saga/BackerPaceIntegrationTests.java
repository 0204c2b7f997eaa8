package io.crowdfund.pledge.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.web.VelocityProperties.Limit;
import io.crowdfund.testsupport.IntegrationTest;

/** The per-backer limit against the real database: 3 pledges a minute, refilled one every 20 s. */
@IntegrationTest
class BackerPaceIntegrationTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    private final UUID backer = UUID.randomUUID();

    private BackerPace pace(int capacity) {
        return new BackerPace(jdbc, new Limit(capacity, Duration.ofMinutes(1)));
    }

    private List<Optional<Duration>> take(BackerPace pace, List<UUID> backers, Instant at) {
        return transactions.execute(status -> pace.take(backers, at));
    }

    @Test
    void letsCapacityPassAtOnceThenOnePerInterval() {
        BackerPace pace = pace(3);
        assertThat(take(pace, Collections.nCopies(3, backer), NOW)).containsOnly(Optional.empty());

        assertThat(take(pace, List.of(backer), NOW)).containsExactly(Optional.of(Duration.ofSeconds(20)));
        assertThat(take(pace, List.of(backer), NOW.plusSeconds(5))).containsExactly(Optional.of(Duration.ofSeconds(15)));
        assertThat(take(pace, List.of(backer), NOW.plusSeconds(20))).containsExactly(Optional.empty());
        assertThat(take(pace, List.of(backer), NOW.plusSeconds(20))).containsExactly(Optional.of(Duration.ofSeconds(20)));
        // a minute idle refills the bucket completely, and no more
        assertThat(take(pace, Collections.nCopies(4, backer), NOW.plusSeconds(200)))
                .containsExactly(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(20)));
    }

    @Test
    void oneBatchRefusesOnlyTheBackerWhoAskedTooOften() {
        BackerPace pace = pace(3);
        UUID other = UUID.randomUUID();

        List<Optional<Duration>> answers = take(pace, List.of(backer, other, backer, backer, backer, other, backer), NOW);

        assertThat(answers).containsExactly(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofSeconds(20)), Optional.empty(), Optional.of(Duration.ofSeconds(20)));
    }

    @Test
    void sharesTakenInATransactionThatRollsBackAreGivenBack() {
        BackerPace pace = pace(3);
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            pace.take(Collections.nCopies(3, backer), NOW);
            throw new IllegalStateException("the batch failed");
        })).hasMessage("the batch failed");

        assertThat(take(pace, Collections.nCopies(3, backer), NOW)).containsOnly(Optional.empty());
    }

    @Test
    void everyReplicaSharesTheBackersPace() {
        take(pace(3), Collections.nCopies(2, backer), NOW);

        assertThat(take(pace(3), Collections.nCopies(2, backer), NOW)).containsExactly(Optional.empty(), Optional.of(Duration.ofSeconds(20)));
    }

    @Test
    void capacityZeroIsNoLimitAndWritesNothing() {
        assertThat(take(pace(0), Collections.nCopies(1000, backer), NOW)).containsOnly(Optional.empty());

        assertThat(jdbc.queryForObject("select count(*) from backer_pace where backer_id = ?", Long.class, backer)).isZero();
    }
}
