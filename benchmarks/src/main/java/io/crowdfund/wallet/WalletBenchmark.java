package io.crowdfund.wallet;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import org.springframework.context.ConfigurableApplicationContext;

import io.crowdfund.bench.CommandLoad;
import io.crowdfund.bench.InProcess;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.ReserveFunds;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.testsupport.TestInfrastructure;
import io.crowdfund.wallet.funds.Deposits;
import io.crowdfund.wallet.funds.Reconciliation;

/**
 * Reservations per second through wallet-service as the saga drives it: ReserveFunds commands on
 * Kafka, applied in batches (one transaction per polled batch), replies through the outbox. Time
 * runs from the first command sent to the last reply read. Two shapes: one hot wallet (every
 * command on one key, so one partition and one consumer thread) and many wallets (keys spread over
 * the partitions and consumer threads). Real PostgreSQL and a real KRaft broker on this machine.
 * Arguments: [reservations per scenario, default 50000] [wallets for the spread scenario, default 2000].
 */
public final class WalletBenchmark {

    private static final UUID CAMPAIGN = UUID.randomUUID();

    public static void main(String[] args) {
        InProcess.exitAfter(() -> measure(args));
    }

    private static void measure(String[] args) {
        int reservations = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int walletCount = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        var infrastructure = TestInfrastructure.get();
        ConfigurableApplicationContext wallet = InProcess.start(WalletApplication.class, "wallet_benchmark",
                "--crowdfund.wallet.token.development-key=true"); // no tokens are signed here
        var deposits = wallet.getBean(Deposits.class);
        UUID hot = UUID.randomUUID();
        deposits.deposit(hot, new BigDecimal("100000000.00"), Optional.empty());
        List<UUID> many = IntStream.range(0, walletCount).mapToObj(i -> UUID.randomUUID()).toList();
        many.forEach(backer -> deposits.deposit(backer, new BigDecimal("1000000.00"), Optional.empty()));

        try (var load = new CommandLoad(infrastructure.kafkaBootstrapServers(), PledgeChannels.REPLIES)) {
            load.round("warm-up", WalletChannels.COMMANDS, 5_000, i -> reserve(many.get(i % many.size())));
            double hotRate = load.round("one hot wallet", WalletChannels.COMMANDS, reservations, i -> reserve(hot));
            double spreadRate = load.round(walletCount + " wallets", WalletChannels.COMMANDS, reservations, i -> reserve(many.get(i % many.size())));
            var report = wallet.getBean(Reconciliation.class).report();
            System.out.printf("%nWallet reservations (%d cores, PostgreSQL + KRaft Kafka and wallet-service in one JVM on this machine)%n",
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  one hot wallet:  %,.0f reservations/s%n", hotRate);
            System.out.printf("  %,d wallets:    %,.0f reservations/s%n", walletCount, spreadRate);
            System.out.printf("  reconciliation afterwards: balanced=%s, reserved %s, deposits %s%n", report.balanced(),
                    report.totalReserved().toPlainString(), report.totalDeposits().toPlainString());
        }
        wallet.close();
    }

    private static CommandLoad.Keyed reserve(UUID backer) {
        return new CommandLoad.Keyed(backer.toString(), new ReserveFunds(UUID.randomUUID(), backer, CAMPAIGN, new BigDecimal("1.00")));
    }
}
