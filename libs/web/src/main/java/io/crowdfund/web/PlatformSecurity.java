package io.crowdfund.web;

import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Every service is an OAuth2 resource server: RS256 JWTs validated against the configured JWKS URL
 * (wallet-service's by default), their issuer and audience checked (WebDefaults: TOKEN_ISSUER,
 * TOKEN_AUDIENCE), the {@code roles} claim mapped to {@code ROLE_USER} /
 * {@code ROLE_OPERATOR}, stateless, 401 and 403 as problems, HSTS on every HTTPS answer. Health, metrics and the API
 * docs are public.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class PlatformSecurity {

    static final String ROLES_CLAIM = "roles";
    /** How long a browser that was answered over HTTPS keeps to HTTPS for the host (Strict-Transport-Security). */
    static final Duration HSTS_MAX_AGE = Duration.ofDays(365);
    private static final String[] PUBLIC_PATHS = {"/actuator/health/**", "/actuator/info", "/actuator/prometheus",
        "/livez", "/readyz", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error"};

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain platformSecurityFilterChain(HttpSecurity http, ObjectProvider<EndpointAuthorization> serviceRules) throws Exception {
        List<EndpointAuthorization> rules = serviceRules.orderedStream().toList();
        http.csrf(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable) // stateless: nothing to log out of, no saved requests
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // on secure requests only: HTTPS, or X-Forwarded-Proto: https from one of the TRUSTED_PROXIES (WebDefaults)
                .headers(headers -> headers.httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(HSTS_MAX_AGE.toSeconds()).includeSubDomains(true)))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(PUBLIC_PATHS).permitAll();
                    rules.forEach(rule -> rule.configure(requests));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(jwtAuthenticationConverter()))
                        .authenticationEntryPoint(unauthorized())
                        .accessDeniedHandler(forbidden()))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthorized()).accessDeniedHandler(forbidden()));
        return http.build();
    }

    /**
     * No observation (span, timer) per security filter, nor the wrapper around each filter that
     * turning them off by property leaves in place: a request is observed as a whole. The per-filter
     * spans cost about a quarter of pledge-service's request CPU (JFR).
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    static JwtAuthenticationConverter jwtAuthenticationConverter() {
        var authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        var converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return converter;
    }

    private static AuthenticationEntryPoint unauthorized() {
        return (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, request.getRequestURI());
        };
    }

    private static AccessDeniedHandler forbidden() {
        return (request, response, exception) -> Problems.write(response, HttpStatus.FORBIDDEN,
                Problems.FORBIDDEN, request.getRequestURI());
    }
}
