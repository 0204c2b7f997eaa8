package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderTests {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final AtomicInteger verifications = new AtomicInteger();

    @Test
    void verifiesAGoodTokenOnceAndAnswersRepeatsFromMemory() {
        var decoder = new CachingJwtDecoder(verifier(NOW.plusSeconds(3600)), 100, Duration.ofMinutes(5), at(NOW));

        Jwt first = decoder.decode("good");
        assertThat(decoder.decode("good")).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void neverRemembersARejectedToken() {
        JwtDecoder rejecting = token -> {
            verifications.incrementAndGet();
            throw new BadJwtException("bad signature");
        };
        var decoder = new CachingJwtDecoder(rejecting, 100, Duration.ofMinutes(5), at(NOW));

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void sendsARememberedTokenBackToTheVerifierOnceItHasExpired() {
        var clock = new MutableClock(NOW);
        var decoder = new CachingJwtDecoder(verifier(NOW.plusSeconds(60)), 100, Duration.ofMinutes(5), clock);
        decoder.decode("short-lived");

        clock.now = NOW.plusSeconds(61);
        decoder.decode("short-lived");
        assertThat(verifications).as("the verifier decides again (and would reject it)").hasValue(2);
    }

    private JwtDecoder verifier(Instant expiresAt) {
        return token -> {
            verifications.incrementAndGet();
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("user").issuedAt(NOW).expiresAt(expiresAt).build();
        };
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
