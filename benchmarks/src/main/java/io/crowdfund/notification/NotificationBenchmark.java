package io.crowdfund.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.sun.net.httpserver.HttpServer;

import io.crowdfund.bench.CommandLoad;
import io.crowdfund.bench.InProcess;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.notification.mail.Preferences;
import io.crowdfund.notification.webhook.Webhooks;
import io.crowdfund.testsupport.TestInfrastructure;
import io.crowdfund.web.Caller;

/**
 * Webhook deliveries per second to a fast local receiver: pledge.confirmed events go onto Kafka,
 * notification-service turns each into a delivery row per endpoint (in the consumer's transaction)
 * and posts it signed; a round is timed from the first event sent to the last delivery received.
 * Real PostgreSQL, a real KRaft broker and a real HTTP receiver (JDK HttpServer on virtual threads) on
 * this machine. Afterwards every delivery row must be SUCCEEDED and no webhook-id may have arrived
 * twice at one endpoint.
 * Arguments: [events per round, default 20000] [endpoints in the second round, default 4].
 */
public final class NotificationBenchmark {

    public static void main(String[] args) {
        InProcess.exitAfter(() -> measure(args));
    }

    private static void measure(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        var infrastructure = TestInfrastructure.get();
        ConfigurableApplicationContext service = InProcess.start(NotificationApplication.class, "notification_benchmark",
                "--crowdfund.notification.webhooks.allow-private-targets=true", "--crowdfund.notification.webhooks.secrets.development-key=true",
                "--management.health.mail.enabled=false");
        try (var receiver = new FastReceiver(); var load = new CommandLoad(infrastructure.kafkaBootstrapServers(), null)) {
            Caller one = owner(service, receiver, 1);
            Caller many = owner(service, receiver, endpoints);
            System.out.printf("Webhook deliveries to a local receiver (notification-service concurrency %s)%n",
                    service.getEnvironment().getProperty("crowdfund.notification.webhooks.concurrency"));
            load.round("warm-up", PledgeChannels.EVENTS, 2_000, i -> pledge(one), receiver.received::get, 2_000);
            double single = load.round("1 endpoint", PledgeChannels.EVENTS, events, i -> pledge(one), receiver.received::get, events);
            double fanned = load.round(endpoints + " endpoints (fan-out per event)", PledgeChannels.EVENTS, events, i -> pledge(many),
                    receiver.received::get, (long) events * endpoints);

            Map<String, Object> statuses = service.getBean(JdbcClient.class)
                    .sql("select status, count(*) from webhook_deliveries group by status").query().listOfRows().stream()
                    .collect(Collectors.toMap(row -> (String) row.get("status"), row -> row.get("count")));
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("%nWebhook deliveries (%d cores; PostgreSQL, KRaft Kafka, notification-service and the receiver in one JVM)%n",
                    runtime.availableProcessors());
            System.out.printf("  one endpoint:            %,.0f deliveries/s (Kafka event -> row -> signed POST -> 2xx recorded)%n", single);
            System.out.printf("  %d endpoints per event:   %,.0f deliveries/s%n", endpoints, fanned);
            System.out.printf("  delivery rows by status: %s; webhook-ids received twice at one endpoint: %d%n", statuses,
                    receiver.duplicates.get());
            if (statuses.size() != 1 || !statuses.containsKey("SUCCEEDED") || receiver.duplicates.get() != 0) {
                throw new IllegalStateException("deliveries lost or repeated");
            }
        }
        service.close();
    }

    private static Caller owner(ConfigurableApplicationContext service, FastReceiver receiver, int endpoints) {
        Caller owner = new Caller(UUID.randomUUID(), false);
        service.getBean(Preferences.class).choosePledgeEmails(owner, "OFF"); // webhooks only: no email per pledge
        for (int i = 0; i < endpoints; i++) {
            service.getBean(Webhooks.class).create(owner, receiver.url(owner.id() + "-" + i), List.of("pledge.confirmed"));
        }
        return owner;
    }

    private static CommandLoad.Keyed pledge(Caller owner) {
        UUID campaign = UUID.randomUUID();
        return new CommandLoad.Keyed(campaign.toString(), new PledgeConfirmed(UUID.randomUUID(), campaign, owner.id(), UUID.randomUUID(),
                new BigDecimal("10.00"), "USD", null, new BigDecimal("10.00"), 1, Instant.now()));
    }

    /** Answers every POST with 204 at once, counting deliveries and any webhook-id an endpoint receives twice. */
    private static final class FastReceiver implements AutoCloseable {

        final AtomicLong received = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private final HttpServer server;

        FastReceiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/hook/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (!seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("webhook-id"))) {
                    duplicates.incrementAndGet();
                }
                received.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url(String endpoint) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + endpoint;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
