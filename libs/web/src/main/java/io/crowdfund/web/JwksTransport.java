package io.crowdfund.web;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Where {@code JWKS_REQUIRE_HTTPS} is true (production), a service does not start unless its JWKS URL is https: the JWKS
 * holds the keys every token is checked with, and whoever can change it on its way over plain HTTP can sign tokens of
 * their own that every service takes.
 */
@Configuration(proxyBeanMethods = false)
class JwksTransport {

    JwksTransport(@Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwksUrl,
            @Value("${crowdfund.web.jwks-require-https:false}") boolean requireHttps) {
        if (requireHttps && !isHttps(jwksUrl)) {
            throw new IllegalStateException("JWKS_URL must be an https URL where JWKS_REQUIRE_HTTPS is true, and is '" + jwksUrl
                    + "': over plain HTTP anyone on the way could hand this service keys of their own (docs/security.md, \"In transit: TLS\")");
        }
    }

    private static boolean isHttps(String url) {
        try {
            URI uri = URI.create(url.strip());
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
