package io.crowdfund.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.crowdfund.campaign.live.CampaignSnapshot;
import io.crowdfund.campaign.live.web.CampaignStreams;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignClosed;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.crowdfund.contracts.campaign.ClaimPledge;
import io.crowdfund.contracts.campaign.ClaimRejected;
import io.crowdfund.contracts.campaign.ClaimRejection;
import io.crowdfund.contracts.campaign.CloseCampaign;
import io.crowdfund.contracts.campaign.MilestoneAchieved;
import io.crowdfund.contracts.campaign.PledgeClaimed;
import io.crowdfund.contracts.campaign.PledgeUnclaimed;
import io.crowdfund.contracts.campaign.UnclaimPledge;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.IntegrationTest;
import io.crowdfund.testsupport.TestMessages;

/** The saga's claims over a real Kafka broker against real PostgreSQL, and the live stream that shows them. */
@IntegrationTest
class ClaimsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TestMessages messages = new TestMessages();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient sql;

    @Autowired
    CampaignStreams streams;

    @AfterAll
    static void closeProducer() {
        messages.close();
    }

    CampaignFixtures campaigns() {
        return new CampaignFixtures(HttpTestClient.local(port));
    }

    @Test
    void acceptsExactlyTheTiersQuantityUnderConcurrentClaims() throws Exception {
        var campaign = campaigns().create(UUID.randomUUID(), CampaignFixtures.body("100000", Instant.now().plus(Duration.ofDays(5)),
                "[{\"title\": \"Last fifty\", \"minimumAmount\": 25, \"quantityAvailable\": 50}]", "[]"));
        List<UUID> pledges = IntStream.range(0, 1000).mapToObj(i -> UUID.randomUUID()).toList();
        List<TestMessages> producers = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<TestMessages> producer = ThreadLocal.withInitial(() -> {
            var p = new TestMessages();
            producers.add(p);
            return p;
        });
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> sent = new ArrayList<>();
            for (UUID pledge : pledges) {
                // random keys put the racing claims on every partition and both consumer threads: the row lock alone must hold the limit
                sent.add(pool.submit(() -> producer.get().publish(CampaignChannels.COMMANDS, UUID.randomUUID().toString(),
                        new ClaimPledge(pledge, campaign.id(), UUID.randomUUID(), new BigDecimal("25.00"), campaign.limitedTier()))));
            }
            for (Future<?> send : sent) {
                send.get();
            }
        }
        producers.forEach(TestMessages::close);
        await().atMost(WAIT).until(() -> count("select count(*) from claims where campaign_id = ?", campaign.id()) == 1000);
        assertThat(count("select count(*) from claims where campaign_id = ? and status = 'CLAIMED'", campaign.id())).isEqualTo(50);
        assertThat(count("select count(*) from claims where campaign_id = ? and reason = 'REWARD_SOLD_OUT'", campaign.id())).isEqualTo(950);
        var detail = HttpTestClient.local(port).get("/campaigns/" + campaign.id(), null).json();
        assertThat(detail.get("rewardTiers").get(0).get("quantityClaimed").asInt()).isEqualTo(50);
        assertThat(detail.get("currentFunds").decimalValue()).isEqualByComparingTo("1250.00");
        assertThat(detail.get("backerCount").asInt()).isEqualTo(50);
    }

    @Test
    void rejectsClaimsWithTheirReasons() {
        var campaign = campaigns().create(UUID.randomUUID(), CampaignFixtures.body("100", Instant.now().plus(Duration.ofDays(5)),
                "[{\"title\": \"Only one\", \"minimumAmount\": 25, \"quantityAvailable\": 1}]", "[]"));
        UUID unknownCampaign = UUID.randomUUID();
        UUID noSuchTier = claim(campaign.id(), "30.00", UUID.randomUUID());
        UUID belowMinimum = claim(campaign.id(), "24.99", campaign.limitedTier());
        UUID taken = claim(campaign.id(), "25.00", campaign.limitedTier());
        UUID soldOut = claim(campaign.id(), "25.00", campaign.limitedTier());
        UUID nowhere = claimOn(unknownCampaign, unknownCampaign, "10.00", null);
        var replies = repliesFor(Set.of(noSuchTier, belowMinimum, taken, soldOut, nowhere), 5);
        assertThat(TestMessages.payloads(replies, ClaimRejected.class)).extracting(ClaimRejected::pledgeId, ClaimRejected::reason)
                .containsExactlyInAnyOrder(
                        tuple(noSuchTier, ClaimRejection.REWARD_NOT_FOUND),
                        tuple(belowMinimum, ClaimRejection.BELOW_REWARD_MINIMUM),
                        tuple(soldOut, ClaimRejection.REWARD_SOLD_OUT),
                        tuple(nowhere, ClaimRejection.CAMPAIGN_NOT_FOUND));
        assertThat(TestMessages.payloads(replies, PledgeClaimed.class)).extracting(PledgeClaimed::pledgeId).containsExactly(taken);
    }

    @Test
    void achievesMilestonesAndLocksThemAgainWhenAPledgeIsCancelled() {
        var campaign = campaigns().create(UUID.randomUUID());
        UUID pledge = claim(campaign.id(), "60.00", null);
        await().atMost(WAIT).until(() -> milestoneAchieved(campaign.id()));
        var achieved = TestMessages.readUntil(CampaignChannels.EVENTS, WAIT,
                read -> TestMessages.payloads(read, MilestoneAchieved.class).stream().anyMatch(e -> e.campaignId().equals(campaign.id())));
        assertThat(TestMessages.payloads(achieved, MilestoneAchieved.class)).filteredOn(e -> e.campaignId().equals(campaign.id()))
                .extracting(MilestoneAchieved::milestoneId).containsExactly(campaign.milestone());
        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), new UnclaimPledge(pledge, campaign.id(), false));
        await().atMost(WAIT).until(() -> !milestoneAchieved(campaign.id()));
        var detail = HttpTestClient.local(port).get("/campaigns/" + campaign.id(), null).json();
        assertThat(detail.get("currentFunds").decimalValue()).isEqualByComparingTo("0");
        assertThat(detail.get("backerCount").asInt()).isZero();
        assertThat(TestMessages.payloads(repliesFor(Set.of(pledge), 2), PledgeUnclaimed.class)).hasSize(1);
    }

    @Test
    void countsARedeliveredOrReAskedClaimOnce() {
        var campaign = campaigns().create(UUID.randomUUID());
        UUID pledge = UUID.randomUUID();
        var command = new ClaimPledge(pledge, campaign.id(), UUID.randomUUID(), new BigDecimal("30.00"), campaign.limitedTier());
        UUID messageId = UUID.randomUUID();
        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), messageId, command);
        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), messageId, command);
        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), command);
        var replies = repliesFor(Set.of(pledge), 2);
        assertThat(TestMessages.payloads(replies, PledgeClaimed.class)).extracting(PledgeClaimed::campaignFunds)
                .containsExactly(new BigDecimal("30.00"), new BigDecimal("30.00"));
        var detail = HttpTestClient.local(port).get("/campaigns/" + campaign.id(), null).json();
        assertThat(detail.get("currentFunds").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(detail.get("rewardTiers").get(0).get("quantityClaimed").asInt()).isEqualTo(1);
    }

    @Test
    void closesOnceAndRejectsEveryLaterClaim() {
        // asked twice, it closes once; the second ask gets the same answer again
        var campaign = campaigns().create(UUID.randomUUID());
        claim(campaign.id(), "100.00", null);
        await().atMost(WAIT).until(() -> count("select count(*) from claims where campaign_id = ? and status = 'CLAIMED'", campaign.id()) == 1);
        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), new CloseCampaign(campaign.id()));
        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), new CloseCampaign(campaign.id()));
        UUID late = claim(campaign.id(), "10.00", null);
        assertThat(TestMessages.payloads(repliesFor(Set.of(late), 1), ClaimRejected.class)).extracting(ClaimRejected::reason)
                .containsExactly(ClaimRejection.CAMPAIGN_NOT_ACTIVE);
        assertThat(HttpTestClient.local(port).get("/campaigns/" + campaign.id(), null).json().get("status").asString()).isEqualTo("SUCCESSFUL");
        var closed = TestMessages.payloads(TestMessages.readUntil(CampaignChannels.EVENTS, WAIT,
                read -> TestMessages.payloads(read, CampaignClosed.class).stream().filter(e -> e.campaignId().equals(campaign.id())).count() >= 2),
                CampaignClosed.class).stream().filter(e -> e.campaignId().equals(campaign.id())).toList();
        assertThat(closed).as("each ask answered, the second with the first answer").hasSize(2);
        assertThat(closed.getFirst().outcome()).isEqualTo(CampaignOutcome.SUCCESSFUL);
        assertThat(closed.getFirst().currentFunds()).isEqualByComparingTo("100.00");
        assertThat(closed.getLast()).isEqualTo(closed.getFirst());
    }

    @Test
    void streamsTotalsToEveryWatcherUntilTheCampaignCloses() {
        var campaign = campaigns().create(UUID.randomUUID());
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns/" + campaign.id() + "/stream")).build();
        var one = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(first::add));
        var two = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(second::add));
        await().atMost(WAIT).until(() -> first.contains("event:totals") && second.contains("event:totals"));
        claim(campaign.id(), "60.00", null);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(first).anyMatch(line -> line.contains("\"currentFunds\":60.00") && line.contains("\"achieved\":true"));
            assertThat(second).anyMatch(line -> line.contains("\"currentFunds\":60.00"));
        });
        messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), new CloseCampaign(campaign.id()));
        await().atMost(WAIT).until(() -> one.isDone() && two.isDone());
        assertThat(first).contains("event:closed");
        assertThat(first.stream().filter(line -> line.startsWith("data:")).toList().getLast()).contains("\"status\":\"FAILED\"");
    }

    @Test
    void sendsEachWatcherAtMostOneSnapshotPerIntervalEndingOnTheLatest() throws Exception {
        var campaign = campaigns().create(UUID.randomUUID());
        Watch watch = watch(campaign.id(), "127.0.0.4");
        try {
            // 50 snapshots at once, far faster than the interval (250 ms): the first starts a pause, the last is sent after it
            for (int i = 1; i <= 50; i++) {
                streams.publish(new CampaignSnapshot(campaign.id(), new BigDecimal(i + ".00"), i, "ACTIVE", List.of(), List.of()));
            }
            await().atMost(WAIT).until(() -> watch.lines().stream().anyMatch(line -> line.contains("\"currentFunds\":50.00")));
            assertThat(watch.lines().stream().filter(line -> line.startsWith("data:")).count()).as("the first snapshot and at most two more")
                    .isLessThanOrEqualTo(3);
            assertThat(watch.lines().stream().filter(line -> line.startsWith("data:")).toList().getLast()).contains("\"currentFunds\":50.00");
        } finally {
            streams.publish(new CampaignSnapshot(campaign.id(), BigDecimal.ZERO, 0, "FAILED", List.of(), List.of()));
            await().atMost(WAIT).until(() -> watch.done().isDone());
            watch.client().shutdownNow();
        }
    }

    /**
     * The test settings allow 4 streams per client address and 6 per replica; loopback addresses stand for clients, and
     * 127.0.0.9 for the trusted proxy (web-app), whose own streams count toward the replica's bound only.
     */
    @Test
    void boundsLiveStreamsPerClientAddressAndPerReplicaWithRetryAfter() throws Exception {
        var campaign = campaigns().create(UUID.randomUUID());
        List<Watch> open = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                open.add(watch(campaign.id(), "127.0.0.1"));
            }
            assertRefusedStream(campaign.id(), "127.0.0.1", 429);
            open.add(watch(campaign.id(), "127.0.0.2"));
            open.add(watch(campaign.id(), "127.0.0.2"));
            assertRefusedStream(campaign.id(), "127.0.0.3", 503);
            assertRefusedStream(UUID.randomUUID(), "127.0.0.3", 503);

            messages.publish(CampaignChannels.COMMANDS, campaign.id().toString(), new CloseCampaign(campaign.id()));
            await().atMost(WAIT).until(() -> open.stream().allMatch(watch -> watch.done().isDone()));
        } finally {
            open.forEach(watch -> watch.client().shutdownNow());
        }
        // the closed streams count no more: a client may open streams again (a closed campaign's ends at once)
        await().atMost(WAIT).untilAsserted(() -> assertThat(watch(campaign.id(), "127.0.0.3").lines()).contains("event:closed"));

        var watched = campaigns().create(UUID.randomUUID());
        List<Watch> proxied = new ArrayList<>();
        try {
            // more than one client may hold: the proxy's own streams, one per campaign it fans out, are not counted per client
            for (int i = 0; i < 5; i++) {
                proxied.add(watch(watched.id(), "127.0.0.9"));
            }
            messages.publish(CampaignChannels.COMMANDS, watched.id().toString(), new CloseCampaign(watched.id()));
            await().atMost(WAIT).until(() -> proxied.stream().allMatch(watch -> watch.done().isDone()));
        } finally {
            proxied.forEach(watch -> watch.client().shutdownNow());
        }
    }

    private record Watch(HttpClient client, CompletableFuture<Void> done, List<String> lines) {
    }

    /** A stream from the given local address, once its first snapshot arrived. */
    private Watch watch(UUID campaign, String from) throws Exception {
        var client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).build();
        List<String> lines = new CopyOnWriteArrayList<>();
        var done = client.sendAsync(streamRequest(campaign), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        await().atMost(WAIT).until(() -> lines.contains("event:totals") || lines.contains("event:closed"));
        return new Watch(client, done, lines);
    }

    private void assertRefusedStream(UUID campaign, String from, int status) throws Exception {
        try (var client = HttpClient.newBuilder().localAddress(InetAddress.getByName(from)).build()) {
            HttpResponse<InputStream> refused = client.send(streamRequest(campaign), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = refused.body()) {
                assertThat(refused.statusCode()).isEqualTo(status);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
                assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).contains("Too many live streams");
            }
        }
    }

    private HttpRequest streamRequest(UUID campaign) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/campaigns/" + campaign + "/stream"))
                .header("Accept", "text/event-stream").build();
    }

    private UUID claim(UUID campaign, String amount, UUID tier) {
        return claimOn(campaign, campaign, amount, tier);
    }

    private UUID claimOn(UUID key, UUID campaign, String amount, UUID tier) {
        UUID pledge = UUID.randomUUID();
        messages.publish(CampaignChannels.COMMANDS, key.toString(), new ClaimPledge(pledge, campaign, UUID.randomUUID(), new BigDecimal(amount), tier));
        return pledge;
    }

    private long count(String query, UUID campaign) {
        return sql.sql(query).param(campaign).query(Long.class).single();
    }

    private boolean milestoneAchieved(UUID campaign) {
        return sql.sql("select achieved_at is not null from milestones where campaign_id = ?").param(campaign).query(Boolean.class).single();
    }

    private static List<ConsumerRecord<String, byte[]>> repliesFor(Set<UUID> pledges, int count) {
        Set<String> keys = pledges.stream().map(UUID::toString).collect(Collectors.toSet());
        return TestMessages.readUntil(PledgeChannels.REPLIES, WAIT, records -> records.stream().filter(r -> keys.contains(r.key())).count() >= count)
                .stream().filter(r -> keys.contains(r.key())).toList();
    }
}
