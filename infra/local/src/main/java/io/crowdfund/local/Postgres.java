package io.crowdfund.local;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL with one database per service: embedded real binaries (data kept between runs) or an external server. */
final class Postgres implements AutoCloseable {

    private final Settings settings;
    private final EmbeddedPostgres embedded;

    Postgres(Settings settings) throws IOException {
        this.settings = settings;
        if (settings.embeddedPostgres()) {
            var dataDir = settings.dataDir().resolve("postgres");
            Files.createDirectories(dataDir);
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(settings.pgPort())
                    .setServerConfig("max_connections", "300")
                    .start();
        } else {
            embedded = null;
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
        if (embedded != null) {
            embedded.close();
        }
    }
}
