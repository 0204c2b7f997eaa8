package io.crowdfund.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManagerFactory;

import org.apache.hc.core5.ssl.SSLContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import io.crowdfund.notification.webhook.TargetPolicy.Target;

/**
 * The client connects to the address it is given, never to what the URL's name would resolve to
 * (the names here resolve nowhere), and speaks to the name: Host header, TLS server name and the
 * certificate check.
 */
class WebhookClientTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private record Received(String host, String contentType, String webhookId, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private WebhookClient client = new WebhookClient(TIMEOUT, 4, SSLContexts.createDefault());

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void connectsToTheCheckedAddressKeepingTheNameInTheHostHeader() throws Exception {
        int port = serve(HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0), 204);
        var target = new Target(URI.create("http://hooks.crowdfund.invalid:" + port + "/hook"), LOOPBACK);

        int status = client.post(target, Map.of("webhook-id", "msg_1"), "{\"type\":\"ping\"}");

        assertThat(status).isEqualTo(204);
        assertThat(received).singleElement().isEqualTo(new Received("hooks.crowdfund.invalid:" + port, "application/json; charset=UTF-8",
                "msg_1", "{\"type\":\"ping\"}"));
    }

    @Test
    void speaksTlsToTheNameAtTheCheckedAddressAndChecksTheCertificateAgainstTheName(@TempDir Path directory) throws Exception {
        KeyStore keys = certificateFor("hooks.crowdfund.test", directory);
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        serverNames.add(((SNIHostName) name).getAsciiName());
                        return true;
                    }
                }));
                parameters.setSSLParameters(ssl);
            }
        });
        int port = serve(https, 200);
        client.close();
        client = new WebhookClient(TIMEOUT, 4, trusting(keys));

        assertThat(client.post(new Target(URI.create("https://hooks.crowdfund.test:" + port + "/hook"), LOOPBACK), Map.of(), "{}"))
                .isEqualTo(200);
        assertThat(serverNames).containsExactly("hooks.crowdfund.test");
        assertThat(received).singleElement().extracting(Received::host).isEqualTo("hooks.crowdfund.test:" + port);

        assertThatThrownBy(() -> client.post(new Target(URI.create("https://elsewhere.crowdfund.test:" + port + "/hook"), LOOPBACK),
                Map.of(), "{}")).as("the certificate does not name the URL's host").isInstanceOf(SSLException.class);
        assertThat(received).hasSize(1);
    }

    @Test
    void answersARedirectsStatusWithoutFollowingIt() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        http.createContext("/elsewhere", exchange -> {
            received.add(new Received("followed", null, null, ""));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        int port = serve(http, 302);
        assertThat(client.post(new Target(URI.create("http://hooks.crowdfund.invalid:" + port + "/hook"), LOOPBACK), Map.of(), "{}"))
                .isEqualTo(302);
        assertThat(received).extracting(Received::host).doesNotContain("followed");
    }

    @Test
    void givesUpOnAReceiverThatNeverAnswersWithinTheTimeout() throws Exception {
        try (var silent = new ServerSocket(0, 50, LOOPBACK)) { // connections wait in the backlog; nothing is ever read or written
            var target = new Target(URI.create("http://hooks.crowdfund.invalid:" + silent.getLocalPort() + "/hook"), LOOPBACK);
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.post(target, Map.of(), "{}")).isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("no answer within 2000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(3));
        }
    }

    private int serve(HttpServer http, int status) {
        http.createContext("/hook", exchange -> {
            var headers = exchange.getRequestHeaders();
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new Received(headers.getFirst("Host"), headers.getFirst("Content-Type"), headers.getFirst("webhook-id"),
                        new String(body.readAllBytes(), StandardCharsets.UTF_8)));
            }
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
        server = http;
        return http.getAddress().getPort();
    }

    /** A self-signed certificate naming the host, made with the JDK's keytool. */
    private static KeyStore certificateFor(String host, Path directory) throws Exception {
        Path store = directory.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + host, "-ext", "SAN=dns:" + host,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        return keys;
    }

    private static SSLContext trusting(KeyStore keys) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("receiver", keys.getCertificate("receiver"));
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
