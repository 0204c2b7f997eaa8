package io.crowdfund.webapp.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;

/**
 * {@code X-Forwarded-Proto: https} from a peer that is not one of the TRUSTED_PROXIES (here the test's 127.0.0.1, the
 * trusted proxies being 10.0.0.0/8) is ignored: the request is plain HTTP and gets no HSTS. On the whole application
 * without a database, sessions in memory, as {@link SiteSecurityTests}, where the same header from a trusted proxy does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"TRUSTED_PROXIES=10.0.0.0/8",
    "spring.autoconfigure.exclude="
        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
        + "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration"})
class UntrustedProxyTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestConfiguration(proxyBeanMethods = false)
    @EnableSpringHttpSession
    static class SessionsInMemory {

        @Bean
        MapSessionRepository sessions() {
            return new MapSessionRepository(new ConcurrentHashMap<>());
        }
    }

    @Test
    void answersXForwardedProtoHttpsFromAPeerThatIsNotATrustedProxyWithoutHsts() throws Exception {
        for (String path : List.of("/login", "/api/openapi.json")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("X-Forwarded-Proto", "https").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
        }
    }
}
