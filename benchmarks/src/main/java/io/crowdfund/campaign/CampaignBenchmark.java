package io.crowdfund.campaign;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.springframework.context.ConfigurableApplicationContext;

import io.crowdfund.bench.CommandLoad;
import io.crowdfund.bench.InProcess;
import io.crowdfund.campaign.campaign.Campaign;
import io.crowdfund.campaign.campaign.Campaigns;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.ClaimPledge;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.testsupport.TestInfrastructure;
import io.crowdfund.web.Caller;

/**
 * Claims per second on one hot campaign through campaign-service as the saga drives it (ClaimPledge
 * keyed by campaign, so one partition; applied in batches, one campaign row update per batch), first
 * without watchers and then with many open live streams on the same campaign, to show what the
 * streams cost. Real PostgreSQL and a real KRaft broker on this machine.
 * Arguments: [claims per round, default 50000] [live streams, default 1000].
 */
public final class CampaignBenchmark {

    public static void main(String[] args) {
        InProcess.exitAfter(() -> measure(args));
    }

    private static void measure(String[] args) {
        int claims = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int streamCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        var infrastructure = TestInfrastructure.get();
        ConfigurableApplicationContext service = InProcess.start(CampaignApplication.class, "campaign_benchmark",
                // every stream comes from this one address: the per-client limit would refuse all but the first few
                "--crowdfund.campaign.stream.max-per-client=" + Math.max(1, streamCount));
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        Campaign hot = service.getBean(Campaigns.class).create(new Caller(UUID.randomUUID(), false), new Campaign.Draft(
                "Hot", "A pledge rush", "technology", new BigDecimal("100000000.00"), null, Instant.now().plus(Duration.ofDays(1)), true,
                List.of(new Campaign.TierDraft("Everyone", null, new BigDecimal("1.00"), null)),
                List.of(new Campaign.MilestoneDraft("Stretch", null, new BigDecimal("1000000.00")))));
        UUID tier = hot.rewardTiers().getFirst().id();
        List<Watcher> watchers = new ArrayList<>();
        try (var load = new CommandLoad(infrastructure.kafkaBootstrapServers(), PledgeChannels.REPLIES)) {
            load.round("warm-up", CampaignChannels.COMMANDS, 5_000, i -> claim(hot.id(), tier));
            double alone = load.round("one hot campaign", CampaignChannels.COMMANDS, claims, i -> claim(hot.id(), tier));

            var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns/" + hot.id() + "/stream")).build();
            long opening = System.nanoTime();
            for (int i = 0; i < streamCount; i++) {
                Watcher watcher = new Watcher();
                watchers.add(watcher);
                client.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(watcher));
            }
            awaitUntil(() -> watchers.stream().allMatch(w -> w.events.get() > 0), Duration.ofMinutes(2), "streams to open");
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            double watched = load.round("same, " + streamCount + " streams open", CampaignChannels.COMMANDS, claims, i -> claim(hot.id(), tier));
            String expected = "\"backerCount\":" + (5_000 + 2 * claims);
            awaitUntil(() -> watchers.stream().allMatch(w -> w.lastData.get().contains(expected)), Duration.ofMinutes(1),
                    "every stream to show the final totals");
            long events = watchers.stream().mapToLong(w -> w.events.get()).sum();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("%nCampaign claims (%d cores; PostgreSQL, KRaft Kafka, campaign-service and the stream clients in one JVM)%n",
                    runtime.availableProcessors());
            System.out.printf("  one hot campaign:                 %,.0f claims/s%n", alone);
            System.out.printf("  with %,d live streams open:     %,.0f claims/s (%.0f %% of alone)%n", streamCount, watched, 100 * watched / alone);
            System.out.printf("  %,d streams opened in %.1f s; %,d events delivered (%.1f per stream, coalesced per batch); all show the final totals%n",
                    streamCount, openSeconds, events, (double) events / streamCount);
        }
        service.close();
    }

    private static CommandLoad.Keyed claim(UUID campaign, UUID tier) {
        return new CommandLoad.Keyed(campaign.toString(),
                new ClaimPledge(UUID.randomUUID(), campaign, UUID.randomUUID(), new BigDecimal("1.00"), tier));
    }

    private static void awaitUntil(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    /** One live stream client: counts its events and keeps the last data line. */
    private static final class Watcher implements Flow.Subscriber<String> {
        final AtomicLong events = new AtomicLong();
        final AtomicReference<String> lastData = new AtomicReference<>("");

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("event:")) {
                events.incrementAndGet();
            } else if (line.startsWith("data:")) {
                lastData.set(line);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            lastData.set("error: " + throwable);
        }

        @Override
        public void onComplete() {
        }
    }
}
