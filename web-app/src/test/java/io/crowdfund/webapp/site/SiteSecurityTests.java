package io.crowdfund.webapp.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.session.MapSessionRepository;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.sun.net.httpserver.HttpServer;

import io.crowdfund.webapp.account.SignedInUser;
import io.crowdfund.webapp.services.CampaignClient;
import io.crowdfund.webapp.services.ClosureClient;
import io.crowdfund.webapp.services.PledgeClient;
import io.crowdfund.webapp.services.Paged;
import io.crowdfund.webapp.services.WalletClient;

/**
 * The site's security as a browser meets it, on the whole application without a database: sessions in memory, the
 * services' clients mocked, and wallet-service's {@code POST /auth/token} a stub that accepts one password. Most checks
 * go through MockMvc; the session cookie and the error page for an unknown address need the servlet container (Spring
 * Session's cookie settings and the error dispatch exist only there), so those go over HTTP to the running server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.autoconfigure.exclude="
        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
        + "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration")
@AutoConfigureMockMvc
class SiteSecurityTests {

    private static final String PASSWORD = "right-password";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final List<String> FORWARDED_FOR = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final HttpServer WALLET = walletIssuingTokensFor(PASSWORD);

    @Autowired
    MockMvc mvc;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @MockitoBean
    CampaignClient campaigns;

    @MockitoBean
    WalletClient wallets;

    @MockitoBean
    PledgeClient pledges;

    @MockitoBean
    ClosureClient closures;

    @TestConfiguration(proxyBeanMethods = false)
    @EnableSpringHttpSession
    static class SessionsInMemory {

        @Bean
        MapSessionRepository sessions() {
            return new MapSessionRepository(new ConcurrentHashMap<>());
        }
    }

    @DynamicPropertySource
    static void walletService(DynamicPropertyRegistry registry) {
        registry.add("crowdfund.webapp.services.wallet", () -> "http://127.0.0.1:" + WALLET.getAddress().getPort());
    }

    @AfterAll
    static void stopWallet() {
        WALLET.stop(0);
    }

    @BeforeEach
    void servicesAnswer() {
        given(campaigns.categories()).willReturn(List.of(new CampaignClient.Category("technology", "Technology")));
        given(campaigns.list(any(), any(), any(), any(), any(), anyInt(), anyInt())).willReturn(empty());
        given(wallets.mine()).willReturn(new WalletClient.Wallet(UUID.randomUUID(), new BigDecimal("10.00"), BigDecimal.ZERO, "USD"));
        given(wallets.transactions(anyInt(), anyInt())).willReturn(empty());
        given(pledges.mine(any(), anyInt(), anyInt())).willReturn(empty());
        given(closures.list(any(), anyInt(), anyInt())).willReturn(empty());
    }

    @Test
    void everyPageCarriesContentSecurityPolicyWithoutUnsafeInline() throws Exception {
        List<MvcResult> pages = List.of(
                mvc.perform(get("/")).andReturn(),
                mvc.perform(get("/login")).andReturn(),
                mvc.perform(get("/signup")).andReturn(),
                mvc.perform(get("/api/docs")).andReturn(),
                mvc.perform(get("/wallet")).andReturn(),
                mvc.perform(get("/wallet").with(signedIn("USER"))).andReturn(),
                mvc.perform(get("/pledges").with(signedIn("USER"))).andReturn(),
                mvc.perform(get("/operator").with(signedIn("USER", "OPERATOR"))).andReturn(),
                mvc.perform(get("/operator").with(signedIn("USER"))).andReturn(),
                mvc.perform(get("/no-such-page").with(signedIn("USER"))).andReturn());
        for (MvcResult page : pages) {
            String uri = page.getRequest().getRequestURI() + " (" + page.getResponse().getStatus() + ")";
            String policy = page.getResponse().getHeader("Content-Security-Policy");
            assertThat(policy).as(uri).isNotNull().contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                    "object-src 'none'", "frame-ancestors 'none'");
            assertThat(policy).as(uri).doesNotContain("unsafe-inline", "unsafe-eval", "*");
        }
    }

    /** The API's document and its Swagger UI page: for anyone, no session, the document as the snapshot holds it. */
    @Test
    void apiDocumentAndItsPageArePublicWithoutSession() throws Exception {
        MvcResult document = mvc.perform(get("/api/openapi.json")).andReturn();
        assertThat(status(document)).isEqualTo(200);
        assertThat(document.getResponse().getContentType()).startsWith("application/json");
        assertThat(document.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(new ClassPathResource("api/openapi.json").getContentAsString(StandardCharsets.UTF_8));
        assertThat(document.getRequest().getSession(false)).isNull();

        MvcResult page = mvc.perform(get("/api/docs")).andReturn();
        assertThat(status(page)).isEqualTo(200);
        assertThat(page.getResponse().getContentAsString()).contains("swagger-ui-bundle.js", "/js/api-docs.js");
        assertThat(page.getRequest().getSession(false)).isNull();
        assertThat(page.getResponse().getHeader("Content-Security-Policy")).isEqualTo(SiteSecurity.CONTENT_SECURITY_POLICY);
        assertThat(status(mvc.perform(get("/api/no-such-document.json")).andReturn())).as("the rest of /api stays the gateway's")
                .isEqualTo(404);
    }

    @Test
    void postWithoutCsrfTokenIsForbidden() throws Exception {
        assertThat(status(mvc.perform(post("/wallet/deposits").with(signedIn("USER"))
                .param("amount", "10").param("idempotencyKey", "k-1")).andReturn())).isEqualTo(403);
        assertThat(status(mvc.perform(post("/login").param("username", "someone").param("password", "secret-pass")).andReturn()))
                .isEqualTo(403);
        assertThat(status(mvc.perform(post("/logout").with(signedIn("USER"))).andReturn())).isEqualTo(403);

        given(wallets.deposit(any(), any())).willReturn(new WalletClient.Deposit(UUID.randomUUID(), BigDecimal.TEN, BigDecimal.TEN, "USD"));
        var withToken = mvc.perform(post("/wallet/deposits").with(signedIn("USER")).with(csrf())
                .param("amount", "10").param("idempotencyKey", "k-2")).andReturn();
        assertThat(status(withToken)).as("the same form with its token").isEqualTo(302);
        assertThat(withToken.getResponse().getRedirectedUrl()).isEqualTo("/wallet");
    }

    @Test
    void protectedPagesRedirectAnonymousPersonToLogin() throws Exception {
        for (String page : List.of("/wallet", "/pledges", "/notifications", "/my/campaigns", "/campaigns/new", "/operator")) {
            MvcResult result = mvc.perform(get(page)).andReturn();
            assertThat(status(result)).as(page).isEqualTo(302);
            assertThat(result.getResponse().getRedirectedUrl()).as(page).endsWith("/login");
        }
    }

    @Test
    void operatorPagesAreForbiddenToNonOperators() throws Exception {
        assertThat(status(mvc.perform(get("/operator").with(signedIn("USER"))).andReturn())).isEqualTo(403);
        assertThat(status(mvc.perform(get("/operator/reconciliation").with(signedIn("USER"))).andReturn())).isEqualTo(403);
        assertThat(status(mvc.perform(post("/operator/closures/" + UUID.randomUUID() + "/close").with(signedIn("USER")).with(csrf()))
                .andReturn())).isEqualTo(403);
        assertThat(status(mvc.perform(get("/operator").with(signedIn("USER", "OPERATOR"))).andReturn()))
                .as("an operator sees it").isEqualTo(200);
    }

    @Test
    void unknownPageIsA404ErrorPageWithoutStackTrace() throws Exception {
        String session = logIn();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(site("/no-such-page"))
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .header("Cookie", session).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).as("the site's page, not the framework's").contains("<main")
                .doesNotContain("Exception", "\tat ", "at org.", "at java.", "\"trace\"", "Whitelabel");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
    }

    @Test
    void wrongCredentialsRedirectToLoginError() throws Exception {
        MvcResult result = mvc.perform(post("/login").with(csrf()).param("username", "someone").param("password", "wrong-password"))
                .andReturn();
        assertThat(status(result)).isEqualTo(302);
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        assertThat(result.getRequest().getSession(false) == null
                || result.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT") == null)
                .as("nobody is signed in").isTrue();

        MvcResult right = mvc.perform(post("/login").with(csrf()).param("username", "someone").param("password", PASSWORD)).andReturn();
        assertThat(right.getResponse().getRedirectedUrl()).as("the stub's password logs in").isEqualTo("/");
    }

    @Test
    void sessionCookieIsHttpOnly() throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(site("/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> started = sessionCookies(form);
        assertThat(started).as("the log-in form's CSRF token lives in a session").hasSize(1);
        assertThat(started.getFirst()).contains("HttpOnly", "SameSite=Lax", "Path=/");

        HttpResponse<String> loggedIn = postLogin(form, PASSWORD);
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        List<String> renewed = sessionCookies(loggedIn);
        assertThat(renewed).as("a new session id at log-in").hasSize(1);
        assertThat(renewed.getFirst()).contains("HttpOnly", "SameSite=Lax").isNotEqualTo(started.getFirst());
    }

    @Test
    void callsTheServicesWithThePersonsAddressSoPerAddressLimitsCountPeople() throws Exception {
        FORWARDED_FOR.clear();
        logIn();
        assertThat(FORWARDED_FOR).containsExactly("127.0.0.1");
    }

    @Test
    void passesTheClientsAddressThroughTheGatewayAndNoAddressTheClientNames() throws Exception {
        // a chain as a trusted proxy (here 127.0.0.1, loopback being trusted by default) sends it: the proxy vouches only for
        // the last address, its peer; the first is whatever the client wrote, and must not reach the service
        FORWARDED_FOR.clear();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(site("/api/auth/token")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "198.51.100.1, 203.0.113.66")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"someone\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(FORWARDED_FOR).containsExactly("203.0.113.66");
    }

    /**
     * Behind the ingress, which ends TLS and says so with {@code X-Forwarded-Proto: https}: from a trusted proxy (here
     * 127.0.0.1, loopback being trusted by default) pages and the API are answered with HSTS, plain HTTP without.
     * {@link UntrustedProxyTests} sends the same header from a peer that is not a trusted proxy.
     */
    @Test
    void answersRequestsTheIngressForwardsOverHttpsWithHstsAndPlainOnesWithout() throws Exception {
        for (String path : List.of("/login", "/", "/api/openapi.json", "/api/docs")) {
            HttpResponse<String> https = http.send(HttpRequest.newBuilder(site(path)).header("X-Forwarded-Proto", "https").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(https.statusCode()).as(path).isEqualTo(200);
            assertThat(https.headers().firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000 ; includeSubDomains");
            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(site(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
        }
    }

    /** Logs in over HTTP as a browser does; returns the {@code Cookie} header of the signed-in session. */
    private String logIn() throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(site("/login")).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> loggedIn = postLogin(form, PASSWORD);
        assertThat(loggedIn.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).doesNotContain("error"));
        return sessionCookies(loggedIn).getFirst().split(";", 2)[0];
    }

    private HttpResponse<String> postLogin(HttpResponse<String> form, String password) throws Exception {
        Matcher csrf = CSRF_FIELD.matcher(form.body());
        assertThat(csrf.find()).as("the log-in form has its CSRF field").isTrue();
        String cookie = sessionCookies(form).getFirst().split(";", 2)[0];
        String body = "username=someone&password=" + password + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(site("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> sessionCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("CROWDFUND_SESSION=")).toList();
    }

    private URI site(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static RequestPostProcessor signedIn(String... roles) {
        SignedInUser user = new SignedInUser(UUID.randomUUID(), "someone", Set.of(roles), "a.b.c", Instant.now().plusSeconds(900));
        Authentication token = UsernamePasswordAuthenticationToken.authenticated(user, null,
                Arrays.stream(roles).map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        return authentication(token);
    }

    private static int status(MvcResult result) {
        return result.getResponse().getStatus();
    }

    private static <T> Paged<T> empty() {
        return new Paged<>(List.of(), new Paged.PageInfo(20, 0, 0, 0));
    }

    /** wallet-service's {@code POST /auth/token}: a token (an unsigned JWT with the claims WalletLogin reads) for the password, else 401. */
    private static HttpServer walletIssuingTokensFor(String password) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/auth/token", exchange -> {
                FORWARDED_FOR.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Forwarded-For")));
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean right = request.contains("\"password\":\"" + password + "\"");
                String claims = "{\"sub\":\"" + UUID.randomUUID() + "\",\"preferred_username\":\"someone\",\"roles\":[\"USER\"]}";
                String jwt = base64Url("{\"alg\":\"none\"}") + "." + base64Url(claims) + ".signature";
                byte[] body = (right ? "{\"accessToken\":\"" + jwt + "\",\"tokenType\":\"Bearer\",\"expiresIn\":900}"
                        : "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Wrong username or password\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", right ? "application/json" : "application/problem+json");
                exchange.sendResponseHeaders(right ? 200 : 401, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
