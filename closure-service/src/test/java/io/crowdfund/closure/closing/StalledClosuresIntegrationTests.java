package io.crowdfund.closure.closing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignCreated;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.CloseCampaign;
import io.crowdfund.contracts.pledge.CampaignPledgesSettled;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.SettleCampaignPledges;
import io.crowdfund.contracts.wallet.CampaignFundsSettled;
import io.crowdfund.contracts.wallet.CampaignFundsSettlementProgressed;
import io.crowdfund.contracts.wallet.SettleCampaignFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestMessages;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A closure that stops moving asks its participant again, over real Kafka and PostgreSQL: not
 * before {@code reask-after} has passed since it last moved, then once per interval, the command of
 * the step it waits on; a progress event puts the re-ask off; a settled closure asks nobody; and
 * replicas scanning at once ask once. Time is the test's clock, moved by hand; the scans run on
 * their schedule. Its own database and consumer group, so no other test context shares its closures.
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=closure_stalls", "spring.kafka.consumer.group-id=closure-stalls-test",
        "crowdfund.closure.scan-interval=100ms", "crowdfund.closure.reask-after=2m"})
class StalledClosuresIntegrationTests {

    private static final Duration REASK_AFTER = Duration.ofMinutes(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for a dozen scans: what has not been asked again by then was not asked. */
    private static final Duration SCANS = Duration.ofMillis(1500);
    private static final TestMessages messages = new TestMessages();

    @Autowired
    TestClock clock;
    @Autowired
    Closures closures;
    @Autowired
    ClosureStore store;
    @Autowired
    StalledClosures stalledClosures;
    @Autowired
    JdbcClient sql;
    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    @Test
    void asksTheParticipantOfEachStepAgainOnlyOnceNothingMovedForTheInterval() {
        UUID campaign = scheduled();
        double pledgeReasks = reasks(Closure.Step.SETTLE_PLEDGES);
        double fundsReasks = reasks(Closure.Step.SETTLE_FUNDS);

        closures.closeNow(campaign);
        assertNotAskedAgainBefore(campaign, 0);
        clock.advance(Duration.ofSeconds(1));
        awaitReasks(campaign, 1);
        assertThat(commands(CampaignChannels.COMMANDS, campaign, CloseCampaign.class, 2)).hasSize(2);
        assertThat(closures.get(campaign).closeAskedAt()).isEqualTo(clock.instant());

        publishEvent(CampaignChannels.EVENTS, campaign, new CampaignClosed(campaign, UUID.randomUUID(), "Kiosk", CampaignOutcome.FAILED,
                new BigDecimal("100.00"), new BigDecimal("30.00"), 1, clock.instant()));
        await().atMost(WAIT).until(() -> closures.get(campaign).awaiting().orElse(null) == Closure.Step.SETTLE_PLEDGES);
        assertNotAskedAgainBefore(campaign, 1);
        clock.advance(Duration.ofSeconds(1));
        awaitReasks(campaign, 2);
        assertThat(commands(PledgeChannels.COMMANDS, campaign, SettleCampaignPledges.class, 2))
                .containsOnly(new SettleCampaignPledges(campaign, closures.get(campaign).ownerId(), CampaignOutcome.FAILED));

        publishEvent(PledgeChannels.EVENTS, campaign, new CampaignPledgesSettled(campaign, CampaignOutcome.FAILED, 1, new BigDecimal("30.00")));
        await().atMost(WAIT).until(() -> closures.get(campaign).awaiting().orElse(null) == Closure.Step.SETTLE_FUNDS);
        clock.advance(REASK_AFTER.minusSeconds(10));
        Instant progressAt = clock.instant();
        publishEvent(WalletChannels.EVENTS, campaign, new CampaignFundsSettlementProgressed(campaign, CampaignOutcome.FAILED, 1,
                new BigDecimal("10.00")));
        await().atMost(WAIT).until(() -> closures.get(campaign).progressedAt().equals(progressAt));
        clock.advance(Duration.ofSeconds(20));
        await().during(SCANS).atMost(SCANS.plusSeconds(5)).until(() -> closures.get(campaign).reasks() == 2);
        assertThat(closures.get(campaign).amountRefunded()).isEqualByComparingTo("10.00");
        clock.advance(REASK_AFTER.minusSeconds(20));
        awaitReasks(campaign, 3);
        assertThat(commands(WalletChannels.COMMANDS, campaign, SettleCampaignFunds.class, 2)).hasSize(2);

        publishEvent(WalletChannels.EVENTS, campaign, new CampaignFundsSettled(campaign, closures.get(campaign).ownerId(),
                CampaignOutcome.FAILED, 1, new BigDecimal("30.00"), BigDecimal.ZERO, BigDecimal.ZERO));
        await().atMost(WAIT).until(() -> closures.get(campaign).state() == ClosureState.SETTLED);
        clock.advance(REASK_AFTER.multipliedBy(10));
        await().during(SCANS).atMost(SCANS.plusSeconds(5)).until(() -> closures.get(campaign).reasks() == 3);
        assertThat(closures.get(campaign).awaiting()).isEmpty();
        assertThat(reasks(Closure.Step.SETTLE_PLEDGES) - pledgeReasks).as("counted for operators").isEqualTo(1);
        assertThat(reasks(Closure.Step.SETTLE_FUNDS) - fundsReasks).isEqualTo(1);
    }

    @Test
    void asksEachStalledClosureOnceWhenReplicasScanAtOnce() throws Exception {
        List<UUID> campaigns = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            UUID campaign = UUID.randomUUID();
            store.insert(Closure.schedule(campaign, UUID.randomUUID(), clock.instant().plus(Duration.ofDays(7)), clock.instant()));
            closures.closeNow(campaign);
            campaigns.add(campaign);
        }
        double before = reasks(Closure.Step.CLOSE_CAMPAIGN);
        // the scheduled scan and four more at once: five replicas
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> scans = new ArrayList<>();
        try (var replicas = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                scans.add(replicas.submit(() -> {
                    start.await();
                    stalledClosures.reaskStalled();
                    return null;
                }));
            }
            clock.advance(REASK_AFTER);
            start.countDown();
            for (Future<?> scan : scans) {
                scan.get();
            }
        }
        await().atMost(WAIT).until(() -> askedAgain(campaigns) == campaigns.size());
        await().during(SCANS).atMost(SCANS.plusSeconds(5)).until(() -> askedAgain(campaigns) == campaigns.size());
        assertThat(sql.sql("select count(*) from closures where campaign_id = any(?) and reasks <> 1")
                .param(campaigns.toArray(UUID[]::new)).query(Long.class).single()).as("none asked twice").isZero();
        assertThat(reasks(Closure.Step.CLOSE_CAMPAIGN) - before).isEqualTo(campaigns.size());
        Set<String> keys = campaigns.stream().map(UUID::toString).collect(Collectors.toSet());
        var sent = TestMessages.readUntil(CampaignChannels.COMMANDS, WAIT,
                read -> read.stream().filter(r -> keys.contains(r.key())).count() >= 2L * campaigns.size());
        Map<String, Long> perCampaign = sent.stream().filter(r -> keys.contains(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(perCampaign).hasSize(campaigns.size()).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(2));
    }

    private UUID scheduled() {
        UUID campaign = UUID.randomUUID();
        Instant now = clock.instant();
        publishEvent(CampaignChannels.EVENTS, campaign, new CampaignCreated(campaign, UUID.randomUUID(), "Kiosk", "technology",
                new BigDecimal("100.00"), "USD", now, now.plus(Duration.ofDays(7)), true, List.of()));
        await().atMost(WAIT).until(() -> store.find(campaign).isPresent());
        return campaign;
    }

    /** Moves the clock to just short of the interval since the closure last moved, and sees scans ask nobody. */
    private void assertNotAskedAgainBefore(UUID campaign, int reasksSoFar) {
        Closure closure = closures.get(campaign);
        clock.set(closure.progressedAt().plus(REASK_AFTER).minusSeconds(1));
        await().during(SCANS).atMost(SCANS.plusSeconds(5)).until(() -> closures.get(campaign).reasks() == reasksSoFar);
    }

    private void awaitReasks(UUID campaign, int count) {
        await().atMost(WAIT).until(() -> closures.get(campaign).reasks() == count);
        assertThat(closures.get(campaign).reaskedAt()).isEqualTo(clock.instant());
    }

    private long askedAgain(List<UUID> campaigns) {
        return sql.sql("select count(*) from closures where campaign_id = any(?) and reasks > 0").param(campaigns.toArray(UUID[]::new))
                .query(Long.class).single();
    }

    private double reasks(Closure.Step step) {
        return meters.get(StalledClosures.REASKS).tag("step", step.name()).counter().count();
    }

    private static void publishEvent(String topic, UUID campaign, Object event) {
        messages.publish(topic, campaign.toString(), event);
    }

    /** The commands of the type sent for the campaign, read until there are {@code count}. */
    private static <T> List<T> commands(String topic, UUID campaign, Class<T> type, int count) {
        Function<List<ConsumerRecord<String, byte[]>>, List<T>> ofCampaign = records -> TestMessages.payloads(
                records.stream().filter(r -> campaign.toString().equals(r.key())).toList(), type);
        return ofCampaign.apply(TestMessages.readUntil(topic, WAIT, read -> ofCampaign.apply(read).size() >= count));
    }

    /** A clock the test moves; in microseconds, as PostgreSQL keeps time. */
    static final class TestClock extends Clock {

        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MICROS));

        void advance(Duration by) {
            now.updateAndGet(instant -> instant.plus(by));
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @TestConfiguration
    static class TestClockConfiguration {

        @Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
