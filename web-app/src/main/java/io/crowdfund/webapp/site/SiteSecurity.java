package io.crowdfund.webapp.site;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.AuthenticationServiceException;

/**
 * Two filter chains. The API under {@code /api} is a pass-through: no session, no CSRF (bearer tokens,
 * not cookies, authorise there), no CORS (closed to other origins), and each service checks its own
 * authorisation; the API's document and its page (Swagger UI, with the site's Content-Security-Policy)
 * are public. The site is session-based (Backend-for-Frontend): log-in with wallet-service's
 * credentials, an HttpOnly session cookie, CSRF on every form and htmx request, a new session id at
 * log-in, and a Content-Security-Policy that allows no inline script or style. Both send HSTS on HTTPS answers.
 */
@Configuration(proxyBeanMethods = false)
class SiteSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final String API_DOCS_PAGE = "/api/docs";
    static final Duration HSTS_MAX_AGE = Duration.ofDays(365);

    private static final String[] PUBLIC_PAGES = {"/", "/campaigns/*", "/login", "/signup", "/error", "/favicon.ico",
        "/webjars/**", "/css/**", "/js/**", "/images/**",
        "/actuator/health/**", "/actuator/info", "/actuator/prometheus", "/livez", "/readyz"};

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .csrf(AbstractHttpConfigurer::disable)
                .cors(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(headers -> headers.cacheControl(cache -> cache.disable())
                        .httpStrictTransportSecurity(SiteSecurity::strictTransportSecurity)
                        // the API document's page (Swagger UI) is a page like the site's, under the same policy
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(PathPatternRequestMatcher.pathPattern(API_DOCS_PAGE),
                                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY))))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain site(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/campaigns/new").authenticated()
                        .requestMatchers(HttpMethod.GET, PUBLIC_PAGES).permitAll()
                        .requestMatchers(HttpMethod.POST, "/signup", "/login").permitAll()
                        .requestMatchers("/operator/**").hasRole("OPERATOR")
                        .anyRequest().authenticated())
                .formLogin(login -> login.loginPage("/login").failureHandler(loginFailed()))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?signedOut")
                        .invalidateHttpSession(true).deleteCookies("CROWDFUND_SESSION"))
                .headers(headers -> headers
                        .httpStrictTransportSecurity(SiteSecurity::strictTransportSecurity)
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()))
                .build();
    }

    /**
     * Browsers keep to HTTPS for a year after an HTTPS answer. Sent on secure requests only: HTTPS, which behind the
     * ingress means {@code X-Forwarded-Proto: https} from one of the {@code TRUSTED_PROXIES} (Tomcat's RemoteIpValve);
     * from any other peer the header is ignored and the request is plain HTTP.
     */
    private static void strictTransportSecurity(HeadersConfigurer<HttpSecurity>.HstsConfig hsts) {
        hsts.maxAgeInSeconds(HSTS_MAX_AGE.toSeconds()).includeSubDomains(true);
    }

    /** Back to the log-in form with the reason in words: wrong credentials, throttled, or wallet-service unavailable. */
    private static AuthenticationFailureHandler loginFailed() {
        return (request, response, exception) -> {
            String reason = exception instanceof LockedException ? "throttled"
                    : exception instanceof AuthenticationServiceException ? "unavailable" : "error";
            response.sendRedirect(request.getContextPath() + "/login?" + reason);
        };
    }
}
