package io.crowdfund.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.CampaignFundsSettled;
import io.crowdfund.contracts.wallet.FundsNotReserved;
import io.crowdfund.contracts.wallet.FundsRefunded;
import io.crowdfund.contracts.wallet.FundsReleased;
import io.crowdfund.contracts.wallet.FundsReserved;
import io.crowdfund.contracts.wallet.RefundFunds;
import io.crowdfund.contracts.wallet.ReleaseFunds;
import io.crowdfund.contracts.wallet.ReserveFunds;
import io.crowdfund.contracts.wallet.SettleCampaignFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestMessages;
import io.crowdfund.testsupport.TopicReader;
import io.crowdfund.wallet.funds.Deposits;
import io.crowdfund.wallet.funds.Reconciliation;

/**
 * The saga's commands over a real Kafka broker against real PostgreSQL: each applied exactly once
 * under redelivery and re-asking, never overdrawing, and settlement in chunks that survives a
 * transaction dying midway. Money is reconciled after every test.
 */
@IntegrationTest
class FundsCommandsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestMessages messages = new TestMessages();

    @Autowired
    Deposits deposits;

    @Autowired
    Reconciliation reconciliation;

    @Autowired
    JdbcClient sql;

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    @AfterEach
    void moneyIsConserved() {
        await().atMost(WAIT).untilAsserted(() -> assertThat(reconciliation.report().balanced()).as(reconciliation.report().toString()).isTrue());
    }

    @Test
    void reservesReleasesAndRefundsEachExactlyOnceUnderRedelivery() {
        UUID backer = backerWith("100.00");
        UUID campaign = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID reserveId = UUID.randomUUID();
        messages.publish(WalletChannels.COMMANDS, backer.toString(), reserveId, new ReserveFunds(first, backer, campaign, new BigDecimal("30.00")));
        messages.publish(WalletChannels.COMMANDS, backer.toString(), reserveId, new ReserveFunds(first, backer, campaign, new BigDecimal("30.00")));
        send(backer, new ReserveFunds(first, backer, campaign, new BigDecimal("30.00")));
        send(backer, new ReserveFunds(second, backer, campaign, new BigDecimal("20.00")));
        UUID releaseId = UUID.randomUUID();
        messages.publish(WalletChannels.COMMANDS, backer.toString(), releaseId, new ReleaseFunds(first, backer, campaign));
        messages.publish(WalletChannels.COMMANDS, backer.toString(), releaseId, new ReleaseFunds(first, backer, campaign));
        UUID refundId = UUID.randomUUID();
        messages.publish(WalletChannels.COMMANDS, backer.toString(), refundId, new RefundFunds(second, backer, campaign));
        messages.publish(WalletChannels.COMMANDS, backer.toString(), refundId, new RefundFunds(second, backer, campaign));

        await().atMost(WAIT).until(() -> "REFUNDED".equals(holdStatus(second)));
        assertThat(holdStatus(first)).isEqualTo("RELEASED");
        assertThat(ledger(backer)).containsExactly("DEPOSIT 100.00", "PLEDGE -30.00", "PLEDGE -20.00", "PLEDGE_RELEASE 30.00", "REFUND 20.00");
        assertThat(wallet(backer)).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00"));
        var replies = repliesFor(Set.of(first, second), 5);
        // replies are keyed by pledge, so only each pledge's own replies are ordered
        assertThat(TestMessages.payloads(replies, FundsReserved.class)).containsExactlyInAnyOrder(
                new FundsReserved(first, backer, new BigDecimal("30.00")), new FundsReserved(first, backer, new BigDecimal("30.00")),
                new FundsReserved(second, backer, new BigDecimal("20.00")));
        assertThat(TestMessages.payloads(replies, FundsReleased.class)).containsExactly(new FundsReleased(first, backer, new BigDecimal("30.00")));
        assertThat(TestMessages.payloads(replies, FundsRefunded.class)).containsExactly(new FundsRefunded(second, backer, new BigDecimal("20.00")));
    }

    @Test
    void remembersInsufficientFundsWhenReAsked() {
        UUID backer = backerWith("10.00");
        UUID pledge = UUID.randomUUID();
        send(backer, new ReserveFunds(pledge, backer, UUID.randomUUID(), new BigDecimal("20.00")));
        await().atMost(WAIT).until(() -> "FAILED".equals(holdStatus(pledge)));
        deposits.deposit(backer, new BigDecimal("100.00"), Optional.empty());
        send(backer, new ReserveFunds(pledge, backer, UUID.randomUUID(), new BigDecimal("20.00")));
        var replies = repliesFor(Set.of(pledge), 2);
        assertThat(TestMessages.payloads(replies, FundsNotReserved.class)).extracting(FundsNotReserved::reason)
                .containsExactly(FundsNotReserved.Reason.INSUFFICIENT_FUNDS, FundsNotReserved.Reason.INSUFFICIENT_FUNDS);
        assertThat(wallet(backer)).containsExactly(new BigDecimal("110.00"), new BigDecimal("0.00"));
    }

    @Test
    void holdsNothingWhenTheReleaseOvertakesTheReserve() {
        UUID backer = backerWith("50.00");
        UUID pledge = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        send(backer, new ReleaseFunds(pledge, backer, campaign));
        send(backer, new ReserveFunds(pledge, backer, campaign, new BigDecimal("20.00")));
        var replies = repliesFor(Set.of(pledge), 2);
        assertThat(TestMessages.payloads(replies, FundsReleased.class)).containsExactly(new FundsReleased(pledge, backer, new BigDecimal("0.00")));
        assertThat(TestMessages.payloads(replies, FundsNotReserved.class))
                .containsExactly(new FundsNotReserved(pledge, backer, FundsNotReserved.Reason.ALREADY_RELEASED));
        assertThat(wallet(backer)).containsExactly(new BigDecimal("50.00"), new BigDecimal("0.00"));
    }

    @Test
    void neverOverdrawsAWalletUnderConcurrentReservations() throws Exception {
        UUID backer = backerWith("1000.00");
        UUID campaign = UUID.randomUUID();
        List<UUID> pledges = IntStream.range(0, 200).mapToObj(i -> UUID.randomUUID()).toList();
        // the producers are closed after the pool has finished every send (resources close in reverse order)
        try (var producers = new ProducerPool(); var pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> sent = new ArrayList<>();
            for (UUID pledge : pledges) {
                // random keys spread the commands over every partition and both consumer threads: the database alone must guard the balance
                sent.add(pool.submit(() -> producers.get().publish(WalletChannels.COMMANDS, UUID.randomUUID().toString(),
                        new ReserveFunds(pledge, backer, campaign, new BigDecimal("10.00")))));
            }
            for (Future<?> send : sent) {
                send.get();
            }
        }
        await().atMost(WAIT).until(() -> sql.sql("select count(*) from holds where campaign_id = ?").param(campaign).query(Long.class).single() == 200);
        assertThat(sql.sql("select count(*) from holds where campaign_id = ? and status = 'HELD'").param(campaign).query(Long.class).single()).isEqualTo(100);
        assertThat(wallet(backer)).containsExactly(new BigDecimal("0.00"), new BigDecimal("1000.00"));
        assertThat(ledger(backer)).filteredOn(row -> row.startsWith("PLEDGE")).hasSize(100);
    }

    @Test
    void refundsEveryHoldOfAFailedCampaignOnceWhenAskedTwice() {
        UUID campaign = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        List<UUID> backers = List.of(backerWith("100.00"), backerWith("100.00"), backerWith("100.00"));
        List<UUID> pledges = holdFor(campaign, backers, "10.00", "20.00", "30.00");
        UUID released = UUID.randomUUID();
        send(backers.get(0), new ReserveFunds(released, backers.get(0), campaign, new BigDecimal("5.00")));
        send(backers.get(0), new ReleaseFunds(released, backers.get(0), campaign));
        await().atMost(WAIT).until(() -> "RELEASED".equals(holdStatus(released)));

        send(campaign, new SettleCampaignFunds(campaign, owner, CampaignOutcome.FAILED));
        send(campaign, new SettleCampaignFunds(campaign, owner, CampaignOutcome.FAILED));

        await().atMost(WAIT).until(() -> "SETTLED".equals(settlementState(campaign)));
        pledges.forEach(pledge -> assertThat(holdStatus(pledge)).isEqualTo("REFUNDED"));
        backers.forEach(backer -> assertThat(wallet(backer)).containsExactly(new BigDecimal("100.00"), new BigDecimal("0.00")));
        assertThat(ledger(owner)).isEmpty();
        // the second ask may come after the end, and then gets the same answer again
        var settled = settledEvents(campaign, 1);
        assertThat(settled).containsOnly(new CampaignFundsSettled(campaign, owner, CampaignOutcome.FAILED, 3,
                new BigDecimal("60.00"), new BigDecimal("0.00"), new BigDecimal("0.00")));
    }

    @Test
    void answersASettleAskedAgainAfterTheEndWithTheSameOutcomeAndMovesNoMoney() {
        UUID campaign = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        List<UUID> backers = List.of(backerWith("100.00"), backerWith("100.00"));
        List<UUID> pledges = holdFor(campaign, backers, "40.00", "60.00");
        send(campaign, new SettleCampaignFunds(campaign, owner, CampaignOutcome.SUCCESSFUL));
        await().atMost(WAIT).until(() -> "SETTLED".equals(settlementState(campaign)));
        var answer = new CampaignFundsSettled(campaign, owner, CampaignOutcome.SUCCESSFUL, 2, new BigDecimal("100.00"),
                new BigDecimal("5.00"), new BigDecimal("95.00"));
        assertThat(settledEvents(campaign, 1)).containsExactly(answer);

        // closure-service did not hear the answer and asks again: a new message, the same command
        send(campaign, new SettleCampaignFunds(campaign, owner, CampaignOutcome.SUCCESSFUL));

        settledEvents(campaign, 2);
        assertThat(allSettledEvents(campaign)).containsExactly(answer, answer);
        assertThat(ledger(owner)).as("paid once").containsExactly("PAYOUT 95.00");
        assertThat(wallet(owner)).containsExactly(new BigDecimal("95.00"), new BigDecimal("0.00"));
        assertThat(wallet(backers.get(0))).containsExactly(new BigDecimal("60.00"), new BigDecimal("0.00"));
        assertThat(wallet(backers.get(1))).containsExactly(new BigDecimal("40.00"), new BigDecimal("0.00"));
        pledges.forEach(pledge -> assertThat(holdStatus(pledge)).isEqualTo("CAPTURED"));
    }

    @Test
    void aSettleAskedAgainWhileTheSettlementRunsNeitherAnswersEarlyNorSettlesTwice() {
        UUID campaign = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        List<UUID> backers = List.of(backerWith("50.00"), backerWith("50.00"));
        List<UUID> pledges = holdFor(campaign, backers, "20.00", "30.00");
        UUID first = pledges.stream().sorted(Comparator.comparing(UUID::toString)).toList().getFirst();
        String trigger = "hold_" + campaign.toString().replace("-", "");
        sql.sql("""
                create function %1$s() returns trigger language plpgsql as $$
                begin
                    if new.pledge_id = '%2$s' and new.status = 'REFUNDED' then raise exception 'injected failure'; end if;
                    return new;
                end $$""".formatted(trigger, first)).update();
        sql.sql("create trigger %1$s before update on holds for each row execute function %1$s()".formatted(trigger)).update();
        try {
            send(campaign, new SettleCampaignFunds(campaign, owner, CampaignOutcome.FAILED));
            await().atMost(WAIT).until(() -> "SETTLING".equals(settlementState(campaign)));
            UUID again = messages.publish(WalletChannels.COMMANDS, campaign.toString(), new SettleCampaignFunds(campaign, owner, CampaignOutcome.FAILED));
            await().atMost(WAIT).until(() -> sql.sql("select count(*) from messaging.inbox where message_id = ?").param(again)
                    .query(Long.class).single() == 1);
            assertThat(settlementState(campaign)).isEqualTo("SETTLING");
            assertThat(allSettledEvents(campaign)).as("no answer before the end").isEmpty();
        } finally {
            sql.sql("drop trigger %1$s on holds".formatted(trigger)).update();
            sql.sql("drop function %1$s()".formatted(trigger)).update();
        }
        await().atMost(WAIT).until(() -> "SETTLED".equals(settlementState(campaign)));
        settledEvents(campaign, 1);
        assertThat(allSettledEvents(campaign)).as("answered once").containsExactly(new CampaignFundsSettled(campaign, owner,
                CampaignOutcome.FAILED, 2, new BigDecimal("50.00"), new BigDecimal("0.00"), new BigDecimal("0.00")));
        backers.forEach(backer -> assertThat(ledger(backer)).filteredOn(row -> row.startsWith("REFUND")).hasSize(1));
    }

    @Test
    void paysASuccessfulCampaignToItsOwnerLessTheFee() {
        UUID campaign = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        List<UUID> backers = List.of(backerWith("100.00"), backerWith("100.00"), backerWith("100.00"));
        List<UUID> pledges = holdFor(campaign, backers, "10.00", "20.00", "30.33");

        send(campaign, new SettleCampaignFunds(campaign, owner, CampaignOutcome.SUCCESSFUL));

        await().atMost(WAIT).until(() -> "SETTLED".equals(settlementState(campaign)));
        pledges.forEach(pledge -> assertThat(holdStatus(pledge)).isEqualTo("CAPTURED"));
        assertThat(wallet(backers.get(2))).containsExactly(new BigDecimal("69.67"), new BigDecimal("0.00"));
        // 5 % of 60.33 is 3.0165, kept as 3.02
        assertThat(ledger(owner)).containsExactly("PAYOUT 57.31");
        assertThat(wallet(owner)).containsExactly(new BigDecimal("57.31"), new BigDecimal("0.00"));
        assertThat(settledEvents(campaign, 1)).containsExactly(new CampaignFundsSettled(campaign, owner, CampaignOutcome.SUCCESSFUL, 3,
                new BigDecimal("60.33"), new BigDecimal("3.02"), new BigDecimal("57.31")));
    }

    @Test
    void resumesASettlementWhoseChunkDiedWithoutSettlingAnyHoldTwice() {
        UUID campaign = UUID.randomUUID();
        List<UUID> backers = IntStream.range(0, 7).mapToObj(i -> backerWith("50.00")).toList();
        List<UUID> pledges = holdFor(campaign, backers, "1.00", "2.00", "3.00", "4.00", "5.00", "6.00", "7.00");
        UUID fifth = pledges.stream().sorted(Comparator.comparing(UUID::toString)).toList().get(4);
        String trigger = "crash_" + campaign.toString().replace("-", "");
        sql.sql("""
                create function %1$s() returns trigger language plpgsql as $$
                begin
                    if new.pledge_id = '%2$s' and new.status = 'REFUNDED' then raise exception 'injected crash'; end if;
                    return new;
                end $$""".formatted(trigger, fifth)).update();
        sql.sql("create trigger %1$s before update on holds for each row execute function %1$s()".formatted(trigger)).update();
        try {
            send(campaign, new SettleCampaignFunds(campaign, UUID.randomUUID(), CampaignOutcome.FAILED));
            // chunks of two: the first two commit, the third dies on every try
            await().atMost(WAIT).until(() -> settledSoFar(campaign) == 4);
            assertThat(settlementState(campaign)).isEqualTo("SETTLING");
            assertThat(holdStatus(fifth)).isEqualTo("HELD");
        } finally {
            sql.sql("drop trigger %1$s on holds".formatted(trigger)).update();
            sql.sql("drop function %1$s()".formatted(trigger)).update();
        }
        await().atMost(WAIT).until(() -> "SETTLED".equals(settlementState(campaign)));
        assertThat(settledSoFar(campaign)).isEqualTo(7);
        for (UUID backer : backers) {
            assertThat(wallet(backer)).containsExactly(new BigDecimal("50.00"), new BigDecimal("0.00"));
            assertThat(ledger(backer)).filteredOn(row -> row.startsWith("REFUND")).hasSize(1);
        }
    }

    private UUID backerWith(String amount) {
        UUID backer = UUID.randomUUID();
        deposits.deposit(backer, new BigDecimal(amount), Optional.empty());
        return backer;
    }

    /** Reserves the amounts, one pledge per backer in turn, and waits until they are held. */
    private List<UUID> holdFor(UUID campaign, List<UUID> backers, String... amounts) {
        List<UUID> pledges = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            UUID pledge = UUID.randomUUID();
            UUID backer = backers.get(i % backers.size());
            send(backer, new ReserveFunds(pledge, backer, campaign, new BigDecimal(amounts[i])));
            pledges.add(pledge);
        }
        await().atMost(WAIT).until(() -> pledges.stream().allMatch(pledge -> "HELD".equals(holdStatus(pledge))));
        return pledges;
    }

    private void send(UUID key, Object command) {
        messages.publish(WalletChannels.COMMANDS, key.toString(), command);
    }

    private String holdStatus(UUID pledge) {
        return sql.sql("select status from holds where pledge_id = ?").param(pledge).query(String.class).optional().orElse(null);
    }

    private String settlementState(UUID campaign) {
        return sql.sql("select state from settlements where campaign_id = ?").param(campaign).query(String.class).optional().orElse(null);
    }

    private long settledSoFar(UUID campaign) {
        return sql.sql("select holds_settled from settlements where campaign_id = ?").param(campaign).query(Long.class).optional().orElse(0L);
    }

    private List<BigDecimal> wallet(UUID user) {
        return sql.sql("select balance, reserved from wallets where user_id = ?").param(user)
                .query((row, n) -> List.of(row.getBigDecimal("balance"), row.getBigDecimal("reserved"))).single();
    }

    private List<String> ledger(UUID user) {
        return sql.sql("select type, amount from ledger where user_id = ? order by seq").param(user)
                .query((row, n) -> row.getString("type") + " " + row.getBigDecimal("amount").toPlainString()).list();
    }

    private static List<ConsumerRecord<String, byte[]>> repliesFor(Set<UUID> pledges, int count) {
        Set<String> keys = pledges.stream().map(UUID::toString).collect(Collectors.toSet());
        return TestMessages.readUntil(PledgeChannels.REPLIES, WAIT,
                records -> records.stream().filter(r -> keys.contains(r.key())).count() >= count)
                .stream().filter(r -> keys.contains(r.key())).toList();
    }

    /** Every CampaignFundsSettled event of the campaign, read until the topic has been quiet for a second. */
    private static List<CampaignFundsSettled> allSettledEvents(UUID campaign) {
        return TestMessages.payloads(TopicReader.readAll(WalletChannels.EVENTS, Duration.ofSeconds(1)), CampaignFundsSettled.class).stream()
                .filter(e -> e.campaignId().equals(campaign)).toList();
    }

    /** The campaign's CampaignFundsSettled events, read until there are at least {@code count}. */
    private static List<CampaignFundsSettled> settledEvents(UUID campaign, int count) {
        var records = TestMessages.readUntil(WalletChannels.EVENTS, WAIT,
                read -> TestMessages.payloads(read, CampaignFundsSettled.class).stream().filter(e -> e.campaignId().equals(campaign)).count() >= count);
        return TestMessages.payloads(records, CampaignFundsSettled.class).stream().filter(e -> e.campaignId().equals(campaign)).toList();
    }

    /** One producer per thread of the concurrent test. */
    private static final class ProducerPool implements AutoCloseable {
        private final List<TestMessages> all = Collections.synchronizedList(new ArrayList<>());
        private final ThreadLocal<TestMessages> mine = ThreadLocal.withInitial(() -> {
            var producer = new TestMessages();
            all.add(producer);
            return producer;
        });

        TestMessages get() {
            return mine.get();
        }

        @Override
        public void close() {
            all.forEach(TestMessages::close);
        }
    }
}
