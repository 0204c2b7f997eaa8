package io.crowdfund.wallet.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.crowdfund.testsupport.HttpTestClient;
import io.crowdfund.testsupport.HttpTestClient.Response;
import io.crowdfund.testsupport.IntegrationTest;

/**
 * The second step of a rotation (docs/security.md, "Tokens"): the new key signs, the previous one is
 * still published. Tokens the previous key signed before the rotation keep working until they
 * expire, at this service and through the JWKS at every other; new tokens carry the new key's id.
 */
@IntegrationTest
class TokenRotationIntegrationTests {

    private static final RSAKey PREVIOUS = SigningKeyTests.generate();
    private static final RSAKey CURRENT = SigningKeyTests.generate();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void rotatedKeys(DynamicPropertyRegistry registry) {
        registry.add("crowdfund.wallet.token.development-key", () -> "false");
        registry.add("crowdfund.wallet.token.private-key", () -> pem(() -> SigningKeyTests.privatePem(CURRENT)));
        registry.add("crowdfund.wallet.token.verification-keys", () -> pem(() -> SigningKeyTests.publicPem(PREVIOUS)));
        // a second context of this service: its listeners would only take partitions from the other one's
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
    }

    private HttpTestClient http() {
        return HttpTestClient.local(port);
    }

    @Test
    void publishesTheCurrentAndThePreviousKeyAndSignsNewTokensWithTheCurrentOne() throws Exception {
        Response jwks = http().get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys").findValuesAsString("kid")).containsExactly(kid(CURRENT), kid(PREVIOUS));
        assertThat(jwks.json().get("keys").findValues("d")).as("no private part").isEmpty();

        String name = "rotated_" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(http().post("/users", null, """
                {"username": "%s", "email": "%s@example.com", "password": "correct horse"}""".formatted(name, name)).status()).isEqualTo(201);
        Response token = http().post("/auth/token", null, """
                {"username": "%s", "password": "correct horse"}""".formatted(name));
        assertThat(token.status()).isEqualTo(200);
        String issued = token.json().get("accessToken").asString();
        assertThat(SignedJWT.parse(issued).getHeader().getKeyID()).isEqualTo(kid(CURRENT));
        assertThat(http().get("/wallets/me", issued).status()).isEqualTo(200);
    }

    @Test
    void acceptsATokenThePreviousKeySignedUntilItExpiresHereAndThroughTheJwks() throws Exception {
        UUID user = UUID.randomUUID();
        String beforeTheRotation = sign(PREVIOUS, user, Duration.ofMinutes(50));
        Response wallet = http().get("/wallets/me", beforeTheRotation);
        assertThat(wallet.status()).as(wallet.body()).isEqualTo(200);
        assertThat(wallet.json().get("userId").asString()).isEqualTo(user.toString());
        // every other service verifies through the JWKS URL
        var jwksDecoder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/.well-known/jwks.json").build();
        assertThat(jwksDecoder.decode(beforeTheRotation).getSubject()).isEqualTo(user.toString());

        assertThat(http().get("/wallets/me", sign(PREVIOUS, user, Duration.ofMinutes(-5))).status()).as("expired").isEqualTo(401);
        assertThat(http().get("/wallets/me", sign(SigningKeyTests.generate(), user, Duration.ofMinutes(50))).status())
                .as("a key the JWKS does not list").isEqualTo(401);
    }

    /** A token as wallet-service signed it with the key. */
    private static String sign(RSAKey key, UUID user, Duration validFor) throws JOSEException {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).issuer("crowdfund-wallet").audience("crowdfund-api")
                .subject(user.toString()).issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(now.plus(validFor))).claim("roles", List.of("USER")).claim("preferred_username", "someone").build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid(key)).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String kid(RSAKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface PemSource {
        String get() throws JOSEException;
    }

    private static String pem(PemSource source) {
        try {
            return source.get();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
