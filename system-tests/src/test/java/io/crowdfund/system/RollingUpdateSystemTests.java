package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceJar;

/**
 * A rolling update of pledge-service during a rush, as Kubernetes does it: a new replica starts
 * on the same database and Kafka, then the old one gets SIGTERM while pledges still arrive at it,
 * some of them waiting for their outcome and some mid-saga. The old replica drains its requests,
 * its listeners and its outbox relay; the new one takes over the reply partitions and the outbox.
 * A client (the gateway) sends a request the old replica no longer takes to the new one with the
 * same Idempotency-Key. Every pledge must end CONFIRMED exactly once.
 */
class RollingUpdateSystemTests {

    private static final Map<String, String> PLEDGE_SETTINGS = Map.of("PLEDGE_STEP_TIMEOUT", "5s", "PLEDGE_SCAN_INTERVAL", "1s");
    private static final int BACKERS = 8;
    private static final int PLEDGES_EACH = 40;
    private static final AtomicInteger rerouted = new AtomicInteger();
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = new Platform(PLEDGE_SETTINGS).start();
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void replacingPledgeServiceMidRushLosesNoPledgeAndHoldsNothingTwice() throws Exception {
        ServiceJar old = platform.pledge;
        try (ServiceJar next = platform.service("pledge-service", PLEDGE_SETTINGS).start()) {
            rollingUpdate(old, next);
        }
    }

    private static void rollingUpdate(ServiceJar old, ServiceJar next) throws Exception {
        var owner = platform.user("0");
        String campaignId = platform.campaign(owner, "100000", 10).json().get("id").asString();
        List<Platform.User> backers = new ArrayList<>();
        for (int i = 0; i < BACKERS; i++) {
            backers.add(platform.user("1000.00"));
        }

        AtomicInteger submitted = new AtomicInteger();
        CompletableFuture<Void> update = new CompletableFuture<>();
        List<String> ids;
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<String>>> perBacker = new ArrayList<>();
            for (Platform.User backer : backers) {
                perBacker.add(clients.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < PLEDGES_EACH; i++) {
                        if (submitted.incrementAndGet() == BACKERS * PLEDGES_EACH / 4) {
                            update.completeAsync(() -> {
                                old.close(); // SIGTERM: graceful shutdown, as a rolling update's old pod gets
                                return null;
                            });
                        }
                        boolean toOld = i % 2 == 0;
                        mine.add(submit(toOld ? old : next, next, backer, campaignId, i % 4 == 0));
                    }
                    return mine;
                }));
            }
            ids = new ArrayList<>();
            for (Future<List<String>> future : perBacker) {
                ids.addAll(future.get());
            }
        }
        update.get();
        assertThat(rerouted.get()).as("requests the old replica refused during its shutdown, taken by the new one").isPositive();

        HttpTestClient pledges = new HttpTestClient(next.baseUrl());
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(ids)
                .allSatisfy(id -> assertThat(pledges.get("/pledges/" + id, owner.token()).json().get("status").asString())
                        .as("pledge %s", id).isEqualTo("CONFIRMED")));
        assertThat(ids).doesNotHaveDuplicates().hasSize(BACKERS * PLEDGES_EACH);
        BigDecimal each = new BigDecimal(PLEDGES_EACH);
        for (Platform.User backer : backers) {
            assertThat(platform.wallet(backer)).as("held once per pledge").containsExactly(new BigDecimal("1000.00").subtract(each), each.setScale(2));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var campaign = platform.campaigns().get("/campaigns/" + campaignId, null).json();
            assertThat(campaign.get("currentFunds").decimalValue()).isEqualByComparingTo(new BigDecimal(BACKERS * PLEDGES_EACH));
            assertThat(campaign.get("backerCount").asInt()).isEqualTo(BACKERS);
        });
    }

    /** POST a pledge of 1.00 to the chosen replica; one that refuses or is gone gets it again at the other, same key. */
    private static String submit(ServiceJar chosen, ServiceJar fallback, Platform.User backer, String campaignId, boolean wait) {
        String key = UUID.randomUUID().toString();
        String body = "{\"campaignId\": \"%s\", \"amount\": 1.00}".formatted(campaignId);
        String[] headers = wait ? new String[] {"Idempotency-Key", key, "Prefer", "wait=10"} : new String[] {"Idempotency-Key", key};
        for (ServiceJar replica : List.of(chosen, fallback)) {
            if (replica != chosen) {
                rerouted.incrementAndGet();
            }
            try {
                Response response = new HttpTestClient(replica.baseUrl()).post("/pledges", backer.token(), body, headers);
                if (response.status() < 500) {
                    assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
                    return response.json().get("id").asString();
                }
            } catch (UncheckedIOException gone) {
                // the old replica has stopped listening: the gateway tries the next one
            }
        }
        throw new AssertionError("Neither replica took the pledge with key " + key);
    }
}
