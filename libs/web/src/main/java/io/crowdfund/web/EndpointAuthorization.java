package io.crowdfund.web;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own access rules (public endpoints, operator-only paths), applied before the shared
 * default that every other request needs a valid token. Method security ({@code @PreAuthorize})
 * handles owner checks that need the resource.
 */
@FunctionalInterface
public interface EndpointAuthorization {

    void configure(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests);
}
