package io.crowdfund.local;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.time.Duration;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL with one database per service: embedded real binaries (data kept between runs, restarted
 * if the server dies) or an external server.
 */
final class Postgres implements AutoCloseable {

    private final Settings settings;
    private volatile EmbeddedPostgres embedded;
    private volatile boolean closing;

    Postgres(Settings settings) throws IOException {
        this.settings = settings;
        if (settings.embeddedPostgres()) {
            Files.createDirectories(settings.dataDir().resolve("postgres"));
            embedded = startEmbedded();
            // zonky stops the server in a shutdown hook of its own, maybe before close() is called: the
            // watchdog must not take that for a crash and start an orphan server as the launcher exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closing = true));
            Thread.ofPlatform().daemon().name("postgres-watchdog").start(this::watch);
        } else {
            embedded = null;
        }
    }

    private EmbeddedPostgres startEmbedded() throws IOException {
        if (!Leftovers.portFree(settings.pgPort())) {
            // e.g. a client's connection given it as its own port: 54320 is in Linux's ephemeral range
            throw new IllegalStateException("port " + settings.pgPort() + " is taken by another process; stop it or set PG_PORT");
        }
        return EmbeddedPostgres.builder()
                .setDataDirectory(settings.dataDir().resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(settings.pgPort())
                // zonky waits 10 s by default; starting beside the Kafka broker on a busy machine can take longer
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                // durable, as production is: a commit is flushed to disk before it is acknowledged, so neither a
                // killed server nor a lost machine loses one (zonky's defaults turn all three off)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // each database looked at every second, so the outbox is vacuumed as often as its threshold asks (messaging's V6)
                .setServerConfig("autovacuum_naptime", "1s")
                // per-statement counts and times for diagnosis: create extension pg_stat_statements in a database, then query the view
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .start();
    }

    /** Starts the embedded server again (on its kept data) when it stops answering unasked, e.g. after a kill -9. */
    private void watch() {
        int unanswered = 0;
        while (!closing) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
            try (var socket = new Socket("localhost", settings.pgPort())) {
                unanswered = 0;
            } catch (IOException down) {
                if (++unanswered >= 2 && !closing) {
                    System.out.println("PostgreSQL is not answering; restarting it (a failed pg_ctl stop logged below is expected)");
                    try {
                        embedded.close();
                    } catch (IOException | RuntimeException alreadyGone) {
                        // it is down already
                    }
                    try {
                        embedded = startEmbedded();
                        unanswered = 0;
                        System.out.println("PostgreSQL restarted");
                    } catch (IOException | RuntimeException e) {
                        System.out.printf("PostgreSQL could not be restarted yet: %s%n", e.getMessage());
                    }
                }
            }
        }
    }

    /** The embedded server's postmaster pid (the first line of postmaster.pid), or empty if external or not running. */
    OptionalLong serverPid() {
        if (embedded == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readAllLines(settings.dataDir().resolve("postgres/postmaster.pid")).getFirst().strip()));
        } catch (IOException | RuntimeException notRunning) {
            return OptionalLong.empty();
        }
    }

    String baseUrl() {
        return embedded != null ? "jdbc:postgresql://localhost:" + settings.pgPort() : settings.pgUrl();
    }

    String username() {
        return embedded != null ? "postgres" : settings.pgUsername();
    }

    String password() {
        return embedded != null ? "postgres" : settings.pgPassword();
    }

    String jdbcUrl(String database) {
        return baseUrl() + "/" + database;
    }

    void createDatabases(List<String> databases) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
                var statement = connection.createStatement()) {
            for (String database : databases) {
                var exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'");
                if (!exists.next()) {
                    statement.execute("create database " + database);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closing = true;
        if (embedded != null) {
            embedded.close();
        }
    }
}
