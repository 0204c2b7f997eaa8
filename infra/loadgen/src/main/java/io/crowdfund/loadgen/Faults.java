package io.crowdfund.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.locks.LockSupport;

/**
 * Faults injected into a local stack on this machine during a rush: kill -9 of each service in turn
 * (of one replica of each, when the stack runs several: the others go on serving), of the Kafka
 * broker and of the PostgreSQL server. The local stack's launcher starts each again; a fault counts
 * as survived once the part (the killed replica) answers again. (Against a remote stack, use the rush
 * alone and inject faults with the platform's own tools.)
 */
final class Faults {

    /** One fault: how to find the victim process, and how to tell from the victim's command line that it is back. */
    record Fault(String name, Predicate<String> victim, Predicate<String> recovered) {
    }

    /** What became of one fault. */
    record Injected(String name, long pid, double secondsToRecover, boolean recovered) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern SERVER_PORT = Pattern.compile("-Dserver\\.port=(\\d+)");

    private Faults() {
    }

    static List<Fault> localStack(Api.Endpoints endpoints, URI closureUrl, String kafkaHost, int kafkaPort, String pgUrl, String pgUser,
            String pgPassword) {
        List<Fault> faults = new ArrayList<>();
        faults.add(service("wallet-service", endpoints.wallet()));
        faults.add(service("campaign-service", endpoints.campaign()));
        faults.add(service("pledge-service", endpoints.pledge()));
        faults.add(service("notification-service", endpoints.notification()));
        faults.add(service("closure-service", closureUrl));
        faults.add(new Fault("kafka broker", command -> command.contains("kafka.Kafka"), command -> listening(kafkaHost, kafkaPort)));
        int pgPort = URI.create(pgUrl.substring("jdbc:".length())).getPort();
        faults.add(new Fault("postgresql server", command -> command.contains("/bin/postgres") && command.contains("-p " + pgPort),
                command -> connects(pgUrl, pgUser, pgPassword)));
        return faults;
    }

    /** The service's first process; back when the port on its command line (-Dserver.port, the local stack's) is ready, else the URL. */
    private static Fault service(String name, URI url) {
        return new Fault(name, command -> command.contains(name + "-exec.jar"), command -> {
            Matcher port = SERVER_PORT.matcher(command);
            return ready(port.find() ? URI.create("http://localhost:" + port.group(1)) : url);
        });
    }

    /** Kills the victim with SIGKILL and waits (at most {@code patience}) until the part answers again. */
    static Injected inject(Fault fault, Duration patience) {
        Optional<ProcessHandle> victim = ProcessHandle.allProcesses()
                .filter(process -> fault.victim().test(process.info().commandLine().orElse(""))).findFirst();
        if (victim.isEmpty()) {
            return new Injected(fault.name(), -1, 0, false);
        }
        long pid = victim.get().pid();
        String command = victim.get().info().commandLine().orElse("");
        long killed = System.nanoTime();
        victim.get().destroyForcibly();
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // let it go down before asking whether it is back
        long deadline = killed + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (fault.recovered().test(command) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                return new Injected(fault.name(), pid, (System.nanoTime() - killed) / 1e9, true);
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        return new Injected(fault.name(), pid, patience.toSeconds(), false);
    }

    private static boolean ready(URI service) {
        try {
            return HTTP.send(HttpRequest.newBuilder(service.resolve("/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean listening(String host, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean connects(String pgUrl, String user, String password) {
        try (var connection = DriverManager.getConnection(pgUrl + "/postgres", user, password)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
