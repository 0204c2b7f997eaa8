package io.crowdfund.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * The local stack's settings, from environment variables with local defaults.
 *
 * @param root the project's root (where the service jars are built)
 * @param dataDir where PostgreSQL, Kafka, mail and logs are kept between runs
 * @param pgUrl an external PostgreSQL server's base JDBC URL (without database), or null for embedded
 */
record Settings(Path root, Path dataDir, int pgPort, String pgUrl, String pgUsername, String pgPassword,
        int kafkaPort, int kafkaControllerPort, String smtpHost, int smtpPort, String operatorUsername,
        String operatorPassword) {

    static Settings fromEnvironment(Path root) {
        Map<String, String> env = System.getenv();
        String pgUrl = env.get("PG_URL");
        return new Settings(root,
                Path.of(env.getOrDefault("LOCAL_DATA_DIR", root.resolve(".local").toString())).toAbsolutePath(),
                Integer.parseInt(env.getOrDefault("PG_PORT", "54320")),
                pgUrl == null || pgUrl.isBlank() ? null : pgUrl.replaceAll("/+$", ""),
                env.getOrDefault("PG_USERNAME", "postgres"),
                env.getOrDefault("PG_PASSWORD", "postgres"),
                Integer.parseInt(env.getOrDefault("KAFKA_PORT", "9092")),
                Integer.parseInt(env.getOrDefault("KAFKA_CONTROLLER_PORT", "9093")),
                env.get("SMTP_HOST"),
                Integer.parseInt(env.getOrDefault("SMTP_PORT", "2525")),
                env.getOrDefault("OPERATOR_USERNAME", "operator"),
                env.getOrDefault("OPERATOR_PASSWORD", "operator-pass"));
    }

    Path logs() {
        return dataDir.resolve("logs");
    }

    boolean embeddedPostgres() {
        return pgUrl == null;
    }

    boolean smtpSink() {
        return smtpHost == null || smtpHost.isBlank();
    }
}
