package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.KafkaProcess;

/**
 * The Kafka broker crashes (SIGKILL) during a rush and comes back on its log: every pledge still ends
 * final, with nothing done twice or lost. The services run on a broker of their own, a separate
 * process, so that it can be killed alone.
 */
class BrokerCrashSystemTests {

    private static KafkaProcess kafka;
    private static Platform platform;

    @BeforeAll
    static void start() {
        kafka = KafkaProcess.in(Path.of("target", "system-tests")).start();
        // steps re-asked every 5 s for up to 200 s: long enough to outlive the broker's absence
        platform = new Platform(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                Map.of("PLEDGE_STEP_TIMEOUT", "5s", "PLEDGE_SCAN_INTERVAL", "1s", "PLEDGE_MAX_ATTEMPTS", "40")).start();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        kafka.close();
    }

    @Test
    void endsEveryPledgeFinalWithMoneyConservedWhenTheBrokerCrashesMidSaga() throws Exception {
        var owner = platform.user("0");
        String campaignId = platform.campaign(owner, "100000", 10).json().get("id").asString();
        var backers = platform.users(10, "100.00");
        List<String> ids = platform.pledgeWhile(backers, campaignId, "30.00", 40, 10, kafka::kill);
        // the pledges sent after the crash are accepted into pledge-service's outbox and wait there
        // for as long as the broker is away (3 s here)
        String operator = platform.operatorToken();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> ids.subList(11, ids.size()).stream()
                .allMatch(id -> "PENDING".equals(platform.pledges().get("/pledges/" + id, operator).json().get("status").asString())));
        kafka.start();
        // each backer has 100.00: three pledges of 30 fit, the fourth does not
        assertThat(platform.settle(ids, backers, "100.00", campaignId, Duration.ofMinutes(3))).isEqualByComparingTo("900.00");
    }
}
