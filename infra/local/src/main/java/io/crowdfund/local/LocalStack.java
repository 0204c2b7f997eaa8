package io.crowdfund.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The whole platform on one machine with nothing but a JDK: PostgreSQL (embedded unless PG_URL is
 * set), a KRaft Kafka broker, an SMTP sink (unless SMTP_HOST is set), the five services and, last,
 * web-app (the site, and the gateway for API clients under /api), each its own process. Data is
 * kept under LOCAL_DATA_DIR between runs; a process that dies is restarted; Ctrl-C or SIGTERM
 * stops everything.
 */
public final class LocalStack {

    /** The services in start order, with their ports (API.md), each overridable as NAME_PORT, e.g. WALLET_PORT. */
    private static final Map<String, Integer> PORTS = ports(
            "wallet", 8083, "campaign", 8081, "pledge", 8082, "notification", 8084, "closure", 8085);

    /**
     * JVM options of each service unless SERVICE_JVM_OPTS replaces them: a small heap with Serial GC,
     * and one carrier thread for virtual threads (eight processes share the cores; more carriers
     * only wake each other).
     */
    private static final String SERVICE_JVM_OPTS =
            "-Xms128m -Xmx768m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djdk.virtualThreadScheduler.parallelism=1";

    /** web-app's port (WEB_PORT): the place to start. */
    private static final int WEB_PORT = Integer.parseInt(System.getenv().getOrDefault("WEB_PORT", "8080"));

    /**
     * web-app's JVM options unless WEB_JVM_OPTS replaces them: a small heap (it keeps no business data;
     * 45 MB live after a pledge rush), bounded metaspace and code cache, and freed native memory given
     * back to the system every 10 s (with MALLOC_ARENA_MAX=2, see webAppEnvironment). Two carrier threads
     * for virtual threads, so that concurrent visitors' pages render on both cores rather than queue on one.
     */
    private static final String WEB_JVM_OPTS = "-Xms32m -Xmx96m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=64m -Xss512k"
            + " -XX:TrimNativeHeapInterval=10000 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djdk.virtualThreadScheduler.parallelism=2";

    private final Settings settings;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Postgres postgres;
    private KafkaBroker kafka;
    private SmtpSink smtp;
    /** Processes of each service (--replicas N). */
    private final int replicas;
    private double postgresSeconds;

    private LocalStack(Settings settings, int replicas) {
        this.settings = settings;
        this.replicas = replicas;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int count;
        try {
            count = replicas(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var stack = new LocalStack(Settings.fromEnvironment(root), count);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stack::stop));
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("The local stack could not start: " + e.getMessage());
            System.exit(1);
        }
        stack.stopped.await();
    }

    private void start() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(settings.logs());
        System.out.println("Data and logs under " + settings.dataDir());
        Leftovers.stopAll(settings.dataDir());

        // PostgreSQL and Kafka start side by side; the services start once their databases exist (they
        // reach the broker only at the end of their context's refresh, and wait for it then)
        kafka = new KafkaBroker(settings);
        var kafkaStarted = StartUp.inBackground("kafka", kafka::start);
        long postgresStarting = System.nanoTime();
        postgres = new Postgres(settings);
        // one database per service, and web-app's (its HTTP sessions)
        postgres.createDatabases(Stream.concat(PORTS.keySet().stream(), Stream.of("webapp")).toList());
        postgresSeconds = (System.nanoTime() - postgresStarting) / 1e9;
        System.out.printf("PostgreSQL  %s (%s)%n", postgres.baseUrl(), settings.embeddedPostgres() ? "embedded" : "external");

        String smtpHost = settings.smtpHost();
        if (settings.smtpSink()) {
            smtp = new SmtpSink(settings);
            smtpHost = "localhost";
            System.out.printf("SMTP sink   localhost:%d (mail filed in %s)%n", settings.smtpPort(), smtp.mailDir());
        }

        for (var entry : PORTS.entrySet()) {
            for (ServiceProcess service : replicasOf(entry.getKey(), entry.getValue(), smtpHost)) {
                service.start();
                services.add(service);
            }
        }
        // web-app needs none of the services to start, but serves nothing useful without them
        var webApp = new ServiceProcess("web-app", WEB_PORT, settings.root().resolve("web-app/target/web-app-exec.jar"),
                settings.logs().resolve("web-app.log"), webAppEnvironment(), System.getenv().getOrDefault("WEB_JVM_OPTS", WEB_JVM_OPTS));
        webApp.start();
        services.add(webApp);
        StartUp.await(kafkaStarted);
        System.out.printf("Kafka       %s (KRaft, pid %d, log %s)%n", kafka.bootstrapServers(), kafka.pid(), settings.logs().resolve("kafka.log"));

        // a first start after a build makes the JVM caches first (JvmCache)
        awaitReady(Duration.ofSeconds(480));
        System.out.printf("%nReady in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        StartUp.printReadiness(postgres, postgresSeconds, kafka, services, settings.logs());
        System.out.printf("%nOpen %s (the site; API clients: %s/api)%n", webApp.url(), webApp.url());
        System.out.println("\nCtrl-C stops everything.");
    }

    /**
     * The service's replicas ({@code --replicas N}, or REPLICAS): replica i listens on the service's
     * port + 100 i, logs to {@code <service>-<i+1>.log} and is its own Kafka client; they share the
     * service's database and consumer group, as a service's pods do. With one, the service as ever.
     */
    private List<ServiceProcess> replicasOf(String name, int port, String smtpHost) {
        String service = name + "-service";
        List<ServiceProcess> processes = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            Map<String, String> environment = environmentFor(name, smtpHost);
            String replica = replicas == 1 ? service : service + "-" + (i + 1);
            if (replicas > 1) {
                environment.put("SPRING_KAFKA_CLIENTID", replica);
            }
            // the port on the command line too, where the load generator's faults scenario finds which replica it killed
            String jvmOptions = System.getenv().getOrDefault("SERVICE_JVM_OPTS", SERVICE_JVM_OPTS) + " -Dserver.port=" + replicaPort(port, i);
            processes.add(new ServiceProcess(replica, replicaPort(port, i), settings.root().resolve(service + "/target/" + service + "-exec.jar"),
                    settings.logs().resolve(replica + ".log"), environment, jvmOptions));
        }
        return processes;
    }

    private static int replicaPort(int port, int replica) {
        return port + 100 * replica;
    }

    /** Each replica's base URL, separated by commas: what web-app's WALLET_SERVICE_URL and the others take. */
    private String replicaUrls(int port) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            urls.add("http://localhost:" + replicaPort(port, i));
        }
        return String.join(",", urls);
    }

    /** {@code --replicas N} among the arguments after the root, else REPLICAS, else 1. */
    static int replicas(List<String> arguments) {
        int at = arguments.indexOf("--replicas");
        String value = at >= 0 && at + 1 < arguments.size() ? arguments.get(at + 1) : System.getenv().getOrDefault("REPLICAS", "1");
        int count;
        try {
            count = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--replicas takes a number from 1 to 9, not " + value);
        }
        if (count < 1 || count > 9) {
            throw new IllegalArgumentException("--replicas takes a number from 1 to 9 (replica i listens on the service's port + 100 i), not " + count);
        }
        return count;
    }

    private static Map<String, Integer> ports(Object... defaults) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int i = 0; i < defaults.length; i += 2) {
            String name = (String) defaults[i];
            ports.put(name, Integer.parseInt(System.getenv().getOrDefault(name.toUpperCase() + "_PORT", defaults[i + 1].toString())));
        }
        return ports;
    }

    /** Where a process finds its own database. */
    private Map<String, String> databaseEnvironment(String database) {
        Map<String, String> environment = new HashMap<>();
        environment.put("DB_URL", postgres.jdbcUrl(database));
        environment.put("DB_USERNAME", postgres.username());
        environment.put("DB_PASSWORD", postgres.password());
        return environment;
    }

    private Map<String, String> environmentFor(String service, String smtpHost) {
        Map<String, String> environment = databaseEnvironment(service);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("JWKS_URL", "http://localhost:" + PORTS.get("wallet") + "/.well-known/jwks.json");
        environment.put("SMTP_HOST", smtpHost);
        environment.put("SMTP_PORT", Integer.toString(settings.smtpPort()));
        environment.put("OPERATOR_USERNAME", settings.operatorUsername());
        environment.put("OPERATOR_PASSWORD", settings.operatorPassword());
        environment.put("LOCAL_DATA_DIR", settings.dataDir().toString());
        // a generated development signing key kept with the data, so tokens survive a restart of wallet-service
        // (production: JWT_PRIVATE_KEY; without either wallet-service refuses to start)
        environment.put("JWT_DEVELOPMENT_KEY", "true");
        environment.put("JWT_KEY_FILE", settings.dataDir().resolve("wallet/jwt-signing-key.pem").toString());
        // local webhook receivers (localhost) are allowed here; in production private targets are refused
        environment.put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true");
        // webhook signing secrets are encrypted with a development key kept with the data (production: WEBHOOK_SECRET_KEYS)
        environment.put("WEBHOOK_SECRET_DEVELOPMENT_KEY", "true");
        environment.put("WEBHOOK_SECRET_DEVELOPMENT_KEY_FILE", settings.dataDir().resolve("notification/webhook-secret-key").toString());
        // the load generator logs in hundreds of backers from 127.0.0.1; production keeps the per-address limit
        environment.put("LOGIN_ATTEMPTS_PER_ADDRESS", System.getenv().getOrDefault("LOGIN_ATTEMPTS_PER_ADDRESS", "100000"));
        // and registers them from there: the same for the registrations per address
        environment.put("REGISTRATIONS_PER_ADDRESS_PER_HOUR", System.getenv().getOrDefault("REGISTRATIONS_PER_ADDRESS_PER_HOUR", "100000"));
        // its backers pledge thousands of times a minute each: the limit stays on (its cost is measured), far from reached
        environment.put("PLEDGES_PER_USER_PER_MINUTE", System.getenv().getOrDefault("PLEDGES_PER_USER_PER_MINUTE", "1000000"));
        // the services share this machine's cores with each other, Kafka and PostgreSQL: one consumer
        // thread a listener (a hot campaign's claims are one partition anyway) makes batches twice as
        // big and wakes half as many threads; production keeps 2
        for (String consumers : List.of("PLEDGE_CONSUMERS", "WALLET_CONSUMERS", "CAMPAIGN_CONSUMERS")) {
            environment.put(consumers, System.getenv().getOrDefault(consumers, "1"));
        }
        return environment;
    }

    /** web-app's: its sessions' database, and each service's base URL (WALLET_SERVICE_URL ...). */
    private Map<String, String> webAppEnvironment() {
        Map<String, String> environment = databaseEnvironment("webapp");
        PORTS.forEach((name, port) -> environment.put(name.toUpperCase() + "_SERVICE_URL", replicaUrls(port)));
        if (replicas > 1) {
            // a killed replica gets no requests once its readiness fails, until it is back
            environment.put("LOAD_BALANCER", "health-check");
        }
        // two malloc arenas instead of one per core and thread: less native memory held on to
        environment.put("MALLOC_ARENA_MAX", "2");
        return environment;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (services.stream().allMatch(service -> service.health().equals("UP"))) {
                return;
            }
            Thread.sleep(500);
        }
        printTable();
        throw new IllegalStateException("Not every service was ready within " + timeout + "; see the logs above");
    }

    private void printTable() {
        System.out.printf("%n%-22s %-24s %-10s %-8s %s%n", "SERVICE", "URL", "HEALTH", "PID", "LOG");
        for (ServiceProcess service : services) {
            System.out.printf("%-22s %-24s %-10s %-8d %s%n", service.name(), service.url(), service.health(), service.pid(), service.log());
        }
    }

    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        System.out.println("\nStopping the local stack...");
        try {
            services.forEach(ServiceProcess::stop);
            for (ServiceProcess service : services) {
                service.awaitStopped(Duration.ofSeconds(30));
            }
            if (kafka != null) {
                kafka.stop();
            }
            if (smtp != null) {
                smtp.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            System.out.println("Stopped.");
        } catch (Exception e) {
            System.err.println("Stopping failed: " + e);
        } finally {
            stopped.countDown();
        }
    }
}
