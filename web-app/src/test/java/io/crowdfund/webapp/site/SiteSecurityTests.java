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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
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

import com.sun.net.httpserver.HttpServer;

import io.crowdfund.webapp.account.SignedInUser;
import io.crowdfund.webapp.campaign.CampaignClient;
import io.crowdfund.webapp.operator.ClosureClient;
import io.crowdfund.webapp.pledge.PledgeClient;
import io.crowdfund.webapp.services.Paged;
import io.crowdfund.webapp.wallet.WalletClient;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.Cookie;

/**
 * The site's security as a browser meets it, on the whole application without a database (sessions in memory, the
 * services' clients mocked, wallet-service's log-in answered by a stub that refuses every password).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = "spring.autoconfigure.exclude="
        + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
        + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
        + "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration")
@AutoConfigureMockMvc
class SiteSecurityTests {

    /** wallet-service's {@code POST /auth/token} for wrong credentials: 401 with a problem. */
    private static final HttpServer WALLET = refusingWallet();

    @Autowired
    MockMvc mvc;

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
            return new MapSessionRepository(new java.util.concurrent.ConcurrentHashMap<>());
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
        MvcResult unknown = mvc.perform(get("/no-such-page").with(signedIn("USER"))).andReturn();
        System.out.println("DEBUG unknown " + status(unknown) + " " + unknown.getResolvedException() + " msg=" + unknown.getResponse().getErrorMessage() + " ct=" + unknown.getResponse().getContentType() + " body=" + unknown.getResponse().getContentAsString());
        assertThat(status(unknown)).isEqualTo(404);

        // MockMvc does not forward to the error page as the container does: ask for it as the container would
        MvcResult page = mvc.perform(get("/error").with(signedIn("USER")).accept("text/html")
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/no-such-page")
                .requestAttr(RequestDispatcher.ERROR_MESSAGE, unknown.getResponse().getErrorMessage())
                .requestAttr(RequestDispatcher.ERROR_EXCEPTION, unknown.getResolvedException())).andReturn();
        assertThat(status(page)).isEqualTo(404);
        assertThat(page.getResponse().getContentType()).startsWith("text/html");
        String html = page.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("404").doesNotContain("Exception", "\tat ", "at org.springframework", "java.lang", "trace\":");
        assertThat(page.getResponse().getHeader("Content-Security-Policy")).isNotNull();
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
    }

    @Test
    void sessionCookieIsHttpOnly() throws Exception {
        // the log-in form's CSRF token is kept in the session: the first page that needs one starts it
        MvcResult login = mvc.perform(get("/login")).andReturn();
        System.out.println("DEBUG cookies " + java.util.Arrays.toString(login.getResponse().getCookies()) + " " + login.getResponse().getHeaders("Set-Cookie") + " session " + login.getRequest().getSession(false));
        Cookie cookie = login.getResponse().getCookie("CROWDFUND_SESSION");
        assertThat(cookie).as("the session cookie, named as configured").isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(login.getResponse().getHeader("Set-Cookie")).contains("HttpOnly", "SameSite=Lax");
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor signedIn(String... roles) {
        SignedInUser user = new SignedInUser(UUID.randomUUID(), "someone", Set.of(roles), "a.b.c", Instant.now().plusSeconds(900));
        Authentication token = UsernamePasswordAuthenticationToken.authenticated(user, null,
                java.util.Arrays.stream(roles).map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        return authentication(token);
    }

    private static int status(MvcResult result) {
        return result.getResponse().getStatus();
    }

    private static <T> Paged<T> empty() {
        return new Paged<>(List.of(), new Paged.PageInfo(20, 0, 0, 0));
    }

    private static HttpServer refusingWallet() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/auth/token", exchange -> {
                byte[] body = """
                        {"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "Wrong username or password"}"""
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(401, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
