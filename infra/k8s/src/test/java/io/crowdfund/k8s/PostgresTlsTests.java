package io.crowdfund.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The prod overlay's database settings ({@code sslmode} and {@code sslrootcert} of every {@code DB_URL}) against a real
 * PostgreSQL server with TLS, its certificate signed by a CA of the test's own for the name {@code localhost}, as
 * CloudNativePG's CA signs the server's for {@code crowdfund-db-rw}: the driver connects over TLS to the host the
 * certificate names, and refuses a host it does not name and a certificate another CA signed.
 */
class PostgresTlsTests {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path certificates;
    private static EmbeddedPostgres postgres;
    private static String prodSettings;

    @BeforeAll
    static void startPostgresWithTls() throws Exception {
        // the prod overlay's parameters, the CA file where this test keeps it instead of the Secret's mount
        URI url = URI.create(TlsManifestTests.environment(Kustomize.renderWithout(Path.of("overlays/prod").toAbsolutePath(), "images"), "wallet-service")
                .get("DB_URL").substring("jdbc:".length()));
        Path mounted = Path.of(url.getQuery().replaceAll(".*sslrootcert=([^&]+).*", "$1"));
        prodSettings = url.getQuery().replace(mounted.toString(), certificates.resolve(mounted.getFileName()).toString());

        keytool("-genkeypair", "-keystore", "ca.p12", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Test cluster CA", "-ext", "bc:c");
        keytool("-exportcert", "-rfc", "-keystore", "ca.p12", "-alias", "ca", "-file", mounted.getFileName().toString());
        keytool("-genkeypair", "-keystore", "other-ca.p12", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=Another CA", "-ext", "bc:c");
        keytool("-exportcert", "-rfc", "-keystore", "other-ca.p12", "-alias", "ca", "-file", "other-ca.crt");
        keytool("-genkeypair", "-keystore", "server.p12", "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost");
        keytool("-certreq", "-keystore", "server.p12", "-alias", "server", "-file", "server.csr");
        keytool("-gencert", "-keystore", "ca.p12", "-alias", "ca", "-infile", "server.csr", "-outfile", "server.crt", "-rfc",
                "-ext", "san=dns:localhost");
        postgres = EmbeddedPostgres.builder().setServerConfig("ssl", "on")
                .setServerConfig("ssl_cert_file", certificates.resolve("server.crt").toString())
                .setServerConfig("ssl_key_file", serverKey().toString()).start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void theProdOverlaysSettingsVerifyTheServersCertificateAndConnectOverTls() throws SQLException {
        assertThat(prodSettings).contains("sslmode=verify-full");
        try (Connection connection = connect("localhost", prodSettings);
                ResultSet ssl = connection.createStatement().executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
            assertThat(ssl.next()).isTrue();
            assertThat(ssl.getBoolean("ssl")).isTrue();
        }
    }

    @Test
    void refuseAHostTheServersCertificateDoesNotName() {
        assertThatThrownBy(() -> connect("127.0.0.1", prodSettings).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("hostname 127.0.0.1 could not be verified");
    }

    @Test
    void refuseAServerWhoseCertificateAnotherCaSigned() {
        String otherCa = prodSettings.replaceAll("sslrootcert=[^&]+", "sslrootcert=" + certificates.resolve("other-ca.crt"));
        assertThatThrownBy(() -> connect("localhost", otherCa).close()).isInstanceOf(SQLException.class).hasStackTraceContaining("PKIX");
    }

    private static Connection connect(String host, String settings) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + postgres.getPort() + "/postgres?" + settings, "postgres", "postgres");
    }

    /** The server's private key as PostgreSQL reads it: PKCS#8 PEM, readable by its owner only. */
    private static Path serverKey() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(certificates.resolve("server.p12"))) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        Key key = keyStore.getKey("server", PASSWORD.toCharArray());
        Path file = certificates.resolve("server.key");
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The JDK's keytool, in the certificates' directory, valid for a day. */
    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-storepass", PASSWORD, "-validity", "1"));
        command.addAll(List.of(arguments));
        if (arguments[0].equals("-exportcert") || arguments[0].equals("-certreq")) {
            command.removeAll(List.of("-validity", "1"));
        }
        Process process = new ProcessBuilder(command).directory(certificates.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
    }
}
