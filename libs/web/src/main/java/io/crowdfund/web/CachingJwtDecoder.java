package io.crowdfund.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Remembers tokens it has verified, so a client sending the same bearer token again costs a map
 * lookup instead of a parse and an RSA signature check (a tenth of pledge-service's CPU in a rush,
 * by JFR). Only tokens the wrapped decoder accepted are kept, each until it expires and for at most
 * {@code ttl}, which also bounds how long a token signed with a key since removed from the JWKS is
 * still taken. A token is never taken after its expiry: from then on it goes to the wrapped decoder,
 * which rejects it.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Cache<String, Jwt> verified;
    private final Clock clock;

    CachingJwtDecoder(JwtDecoder verifier, int maximumSize, Duration ttl, Clock clock) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null && unexpired(known)) {
            return known;
        }
        Jwt jwt = verifier.decode(token);
        if (jwt.getExpiresAt() != null) { // one without an expiry is verified every time
            verified.put(token, jwt);
        }
        return jwt;
    }

    private boolean unexpired(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt(); // only tokens with one are kept
        return clock.instant().isBefore(expiresAt);
    }
}
