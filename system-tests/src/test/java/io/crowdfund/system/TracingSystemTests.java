package io.crowdfund.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.ServiceJar;

/**
 * One pledge is one trace: a client (the API gateway) sends a W3C {@code traceparent} with
 * {@code POST /pledges}, carried through Kafka by the outbox to every one of the five services,
 * each running from its jar as its own process. Sampling is the production default (10 %): an
 * unsampled trace's id is still in every service's log, and a sampled one's spans are exported
 * over OTLP/HTTP to a collector (a receiver here) by every service.
 */
class TracingSystemTests {

    private static final Queue<byte[]> exported = new ConcurrentLinkedQueue<>();
    private static HttpServer collector;
    private static Platform platform;
    private static ServiceJar notification;

    @BeforeAll
    static void start() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            exported.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
            exchange.close();
        });
        collector.start();
        platform = new Platform(Map.of("LOGGING_LEVEL_IO_CROWDFUND_MESSAGING", "debug",
                "OTLP_TRACING_ENDPOINT", "http://127.0.0.1:%d/v1/traces".formatted(collector.getAddress().getPort()),
                "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "500ms"), Map.of()).start();
        notification = platform.service("notification-service", Map.of()).start();
    }

    @AfterAll
    static void stop() {
        if (notification != null) {
            notification.close();
        }
        platform.close();
        collector.stop(0);
    }

    @Test
    void anUnsampledPledgesTraceIdIsInEveryServicesLog() {
        String traceId = randomHex(16);
        assertThat(pledge(traceId, false).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(services())
                .as("services whose log has no line with trace id " + traceId)
                .allSatisfy(service -> assertThat(linesWith(service, traceId)).as(service.log().toString()).isNotEmpty()));
        assertThat(linesWith(platform.wallet, traceId)).anyMatch(line -> line.contains("applying ReserveFunds"));
        assertThat(linesWith(notification, traceId)).anyMatch(line -> line.contains("applying PledgeConfirmed"));
    }

    @Test
    void aSampledPledgesSpansAreExportedByEveryService() {
        String traceId = randomHex(16);
        assertThat(pledge(traceId, true).status()).isEqualTo(201);

        byte[] rawTraceId = HexFormat.of().parseHex(traceId); // OTLP protobuf carries trace ids as 16 raw bytes
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(services()).allSatisfy(service -> assertThat(exported)
                .as("an OTLP export from %s with trace %s", service, traceId)
                .anyMatch(body -> contains(body, rawTraceId) && contains(body, service.name().getBytes(StandardCharsets.UTF_8)))));
    }

    private static Response pledge(String traceId, boolean sampled) {
        var owner = platform.user("0");
        var backer = platform.user("100.00");
        var campaign = platform.campaign(owner, "100", 10);
        String campaignId = campaign.json().get("id").asString();
        String tier = campaign.json().get("rewardTiers").get(0).get("id").asString();
        return platform.pledges().post("/pledges", backer.token(), """
                {"campaignId": "%s", "amount": 30.00, "rewardTierId": "%s"}""".formatted(campaignId, tier),
                "Prefer", "wait=10", "traceparent", "00-%s-%s-%s".formatted(traceId, randomHex(8), sampled ? "01" : "00"));
    }

    private static List<ServiceJar> services() {
        return List.of(platform.wallet, platform.campaign, platform.pledge, platform.closure, notification);
    }

    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int start = 0; start <= body.length - part.length; start++) {
            for (int i = 0; i < part.length; i++) {
                if (body[start + i] != part[i]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static List<String> linesWith(ServiceJar service, String traceId) {
        try (var lines = Files.lines(service.log())) {
            return lines.filter(line -> line.contains(traceId)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
