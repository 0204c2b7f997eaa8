package io.crowdfund.pledge.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.pledge.saga.PledgeIntake.Outcome;
import io.crowdfund.pledge.saga.PledgeIntake.Written;
import io.crowdfund.testsupport.IntegrationTest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Group commit of new pledges against the real database: requests that arrive while a writer is
 * busy share one transaction, a repeated Idempotency-Key within a batch is told apart, and a request
 * that cannot be written fails alone. A settlement beginning (its exclusive guard lock, held here
 * from another connection) keeps both writers busy while the requests pile up.
 */
@IntegrationTest
class PledgeIntakeIntegrationTests {

    @Autowired
    PledgeIntake intake;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient sql;

    @Autowired
    MeterRegistry meters;

    @Test
    void writesRequestsThatArriveTogetherInOneTransaction() throws Exception {
        UUID campaign = UUID.randomUUID();
        DistributionSummary batches = meters.get("pledge.intake.batch").summary();
        long batchesBefore = batches.count();
        double requestsBefore = batches.totalAmount();
        List<Pledge> pledges = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            pledges.add(pledge(campaign, UUID.randomUUID(), null));
        }

        List<Outcome> written = whileWritersAreBusy(pledges);

        assertThat(written).containsOnly(Outcome.NEW);
        assertThat(batches.totalAmount() - requestsBefore).isEqualTo(2 + 21);
        assertThat(batches.count() - batchesBefore).as("transactions: one per busy writer, one for the 21 requests").isEqualTo(3);
        assertThat(sql.sql("select count(*) from pledges where campaign_id = ?").param(campaign).query(Long.class).single()).isEqualTo(21);
    }

    @Test
    void tellsARepeatedKeyWithinOneBatch() throws Exception {
        UUID campaign = UUID.randomUUID();
        UUID backer = UUID.randomUUID();
        List<Pledge> pledges = List.of(pledge(campaign, UUID.randomUUID(), null), pledge(campaign, UUID.randomUUID(), null),
                pledge(campaign, UUID.randomUUID(), null), pledge(campaign, backer, "key-1"), pledge(campaign, backer, "key-1"));

        List<Outcome> written = whileWritersAreBusy(pledges);

        assertThat(written).filteredOn(w -> w == Outcome.NEW).hasSize(4);
        assertThat(written).filteredOn(w -> w == Outcome.KEY_TAKEN).hasSize(1);
        assertThat(sql.sql("select count(*) from pledges where backer_id = ?").param(backer).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRequestThatCannotBeWrittenFailsAlone() throws Exception {
        UUID campaign = UUID.randomUUID();
        List<Pledge> pledges = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pledges.add(pledge(campaign, UUID.randomUUID(), null));
        }
        Pledge tooLongKey = pledge(campaign, UUID.randomUUID(), "k".repeat(201)); // the column holds 200
        pledges.add(3, tooLongKey);

        List<CompletableFuture<Written>> results = submitWhileWritersAreBusy(pledges);

        for (int i = 0; i < results.size(); i++) {
            if (i == 3) {
                CompletableFuture<Written> failed = results.get(i);
                assertThatThrownBy(failed::join).hasCauseInstanceOf(DataIntegrityViolationException.class);
            } else {
                assertThat(results.get(i).join().outcome()).isEqualTo(Outcome.NEW);
            }
        }
        assertThat(sql.sql("select count(*) from pledges where campaign_id = ?").param(campaign).query(Long.class).single()).isEqualTo(6);
        assertThat(sql.sql("select count(*) from pledges where id = ?").param(tooLongKey.id()).query(Long.class).single()).isZero();
    }

    @Test
    void aSettlingCampaignTakesNoPledgeInABatchThatWritesOthers() throws Exception {
        UUID settling = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        sql.sql("insert into pledge_settlements (campaign_id, owner_id, outcome, state) values (?, ?, 'FAILED', 'WAITING')")
                .params(settling, UUID.randomUUID()).update();
        List<Pledge> pledges = List.of(pledge(open, UUID.randomUUID(), null), pledge(settling, UUID.randomUUID(), null),
                pledge(open, UUID.randomUUID(), null));

        List<Outcome> written = whileWritersAreBusy(pledges);

        assertThat(written).containsExactly(Outcome.NEW, Outcome.SETTLING, Outcome.NEW);
        assertThat(sql.sql("select count(*) from pledges where campaign_id = ?").param(settling).query(Long.class).single()).isZero();
    }

    private List<Outcome> whileWritersAreBusy(List<Pledge> pledges) throws Exception {
        return submitWhileWritersAreBusy(pledges).stream().map(CompletableFuture::join).map(Written::outcome).toList();
    }

    /**
     * Keeps both writers busy with a request each for a campaign whose settlement is beginning (its
     * guard held exclusively from another connection), submits the pledges while they wait, and lets
     * everything go once all of them wait for a writer: they are then written as one batch.
     */
    private List<CompletableFuture<Written>> submitWhileWritersAreBusy(List<Pledge> pledges) throws Exception {
        UUID gate = UUID.randomUUID();
        List<CompletableFuture<Written>> results = new ArrayList<>();
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor(); Connection settlement = dataSource.getConnection()) {
            guard(settlement, "pg_advisory_lock", gate);
            for (int writer = 1; writer <= 2; writer++) {
                Pledge busy = pledge(gate, UUID.randomUUID(), null);
                requests.submit(() -> intake.write(busy, p -> { }));
                int busyWriters = writer;
                await().atMost(Duration.ofSeconds(10)).until(() -> waitersForTheGuard() == busyWriters);
            }
            for (Pledge pledge : pledges) {
                results.add(CompletableFuture.supplyAsync(() -> intake.write(pledge, p -> { }), requests));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("pledge.intake.waiting").gauge().value() == pledges.size());
            guard(settlement, "pg_advisory_unlock", gate);
            CompletableFuture.allOf(results.stream().map(r -> r.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
        }
        return results;
    }

    private long waitersForTheGuard() {
        return sql.sql("select count(*) from pg_locks where locktype = 'advisory' and not granted").query(Long.class).single();
    }

    private static void guard(Connection connection, String function, UUID campaign) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, campaign.toString());
            statement.executeQuery().close();
        }
    }

    private static Pledge pledge(UUID campaign, UUID backer, String idempotencyKey) {
        return Pledge.request(backer, campaign, new BigDecimal("5.00"), null, idempotencyKey, campaign + "|5|null", Instant.now());
    }
}
