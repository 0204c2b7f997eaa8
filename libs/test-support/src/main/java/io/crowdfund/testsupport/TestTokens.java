package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * Real RS256 tokens for tests, signed with a key whose JWKS is served on 127.0.0.1, so services
 * under test validate them through their JWKS URL exactly as in production. They carry the issuer
 * and audience every service expects by default ({@code TOKEN_ISSUER}, {@code TOKEN_AUDIENCE}).
 */
public final class TestTokens {

    /** The {@code iss} every service expects unless configured otherwise. */
    public static final String ISSUER = "crowdfund-wallet";
    /** The {@code aud} every service expects unless configured otherwise. */
    public static final String AUDIENCE = "crowdfund-api";

    private static final RSAKey KEY = generate();
    private static final String JWKS_URL = serveJwks();

    private TestTokens() {
    }

    /** The JWKS URL to configure as {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}. */
    public static String jwksUrl() {
        return JWKS_URL;
    }

    public static String user(UUID userId) {
        return token(userId, Duration.ofHours(1), "USER");
    }

    /** A user's token that also names the username, in {@code preferred_username}, as wallet-service's tokens do. */
    public static String user(UUID userId, String username) {
        return sign(claims(userId, Duration.ofHours(1), "USER").claim("preferred_username", username).build());
    }

    public static String operator(UUID userId) {
        return token(userId, Duration.ofHours(1), "USER", "OPERATOR");
    }

    public static String expired(UUID userId) {
        return token(userId, Duration.ofHours(-1), "USER");
    }

    public static String token(UUID subject, Duration validFor, String... roles) {
        return sign(claims(subject, validFor, roles).build());
    }

    /** A user's token, valid but for its issuer. */
    public static String withIssuer(UUID subject, String issuer) {
        return sign(claims(subject, Duration.ofHours(1), "USER").issuer(issuer).build());
    }

    /** A user's token, valid but for its audiences (none: without an {@code aud} claim). */
    public static String withAudience(UUID subject, String... audiences) {
        var claims = claims(subject, Duration.ofHours(1), "USER");
        return sign((audiences.length == 0 ? claims.audience((String) null) : claims.audience(List.of(audiences))).build());
    }

    private static JWTClaimsSet.Builder claims(UUID subject, Duration validFor, String... roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject.toString())
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(validFor)))
                .claim("roles", List.of(roles));
    }

    private static String sign(JWTClaimsSet claims) {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(KEY));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A token of the right shape signed by a key nobody trusts. */
    public static String forged(UUID subject) {
        var claims = new JWTClaimsSet.Builder().subject(subject.toString()).issuer(ISSUER).audience(AUDIENCE)
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))).claim("roles", List.of("USER", "OPERATOR")).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(generate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serveJwks() {
        byte[] jwks = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (var body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.setExecutor(null);
            server.start();
            return "http://127.0.0.1:%d/.well-known/jwks.json".formatted(server.getAddress().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
