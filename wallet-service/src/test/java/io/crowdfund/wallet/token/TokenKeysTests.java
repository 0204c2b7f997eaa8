package io.crowdfund.wallet.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import com.nimbusds.jose.jwk.RSAKey;

import io.crowdfund.wallet.WalletProperties;

/** The keys at start-up, as the application context makes them: no key, no start; the JWKS; what the own decoder checks. */
class TokenKeysTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({WalletProperties.class, OAuth2ResourceServerProperties.class})
    @Import(TokenKeys.class)
    static class Keys {
    }

    private final ApplicationContextRunner contexts = new ApplicationContextRunner().withUserConfiguration(Keys.class)
            .withInitializer(new ConfigDataApplicationContextInitializer()) // application.yml: the defaults
            .withPropertyValues("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/.well-known/jwks.json",
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri=crowdfund-wallet",
                    "spring.security.oauth2.resourceserver.jwt.audiences=crowdfund-api",
                    "crowdfund.wallet.token.development-key=false"); // src/test/resources allows a generated key

    @Test
    void refusesToStartWithoutAKeyUnlessTheDevelopmentSettingAllowsAGeneratedOne() {
        contexts.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageStartingWith("No key to sign tokens with: set JWT_PRIVATE_KEY");
        });
        contexts.withPropertyValues("crowdfund.wallet.token.development-key=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(keys(context.getBean(TokenKeys.class))).hasSize(1);
        });
    }

    @Test
    void publishesTheSigningKeyFirstThenTheVerificationKeysWithoutAnyPrivatePart() throws Exception {
        RSAKey current = SigningKeyTests.generate();
        RSAKey previous = SigningKeyTests.generate();
        contexts.withPropertyValues("crowdfund.wallet.token.private-key=" + SigningKeyTests.privatePem(current),
                "crowdfund.wallet.token.verification-keys=" + SigningKeyTests.publicPem(previous)).run(context -> {
                    TokenKeys tokenKeys = context.getBean(TokenKeys.class);
                    assertThat(keys(tokenKeys)).extracting(key -> key.get("kid"))
                            .containsExactly(current.computeThumbprint().toString(), previous.computeThumbprint().toString());
                    assertThat(keys(tokenKeys)).allSatisfy(key -> assertThat(key).containsEntry("use", "sig").containsEntry("alg", "RS256")
                            .doesNotContainKeys("d", "p", "q"));
                    assertThat(tokenKeys.signingKey().getKeyID()).isEqualTo(current.computeThumbprint().toString());
                });
    }

    @Test
    void checksTheIssuerAndTheAudienceOfItsOwnTokensToo() {
        contexts.withPropertyValues("crowdfund.wallet.token.development-key=true").run(context -> {
            JwtEncoder encoder = context.getBean(JwtEncoder.class);
            JwtDecoder decoder = context.getBean(JwtDecoder.class);
            String kid = context.getBean(TokenKeys.class).signingKey().getKeyID();
            assertThat(decoder.decode(sign(encoder, kid, "crowdfund-wallet", "crowdfund-api")).getSubject()).isNotBlank();
            assertThatThrownBy(() -> decoder.decode(sign(encoder, kid, "someone-else", "crowdfund-api"))).isInstanceOf(JwtValidationException.class);
            assertThatThrownBy(() -> decoder.decode(sign(encoder, kid, "crowdfund-wallet", "another-api"))).isInstanceOf(JwtValidationException.class);
        });
    }

    private static String sign(JwtEncoder encoder, String kid, String issuer, String audience) {
        Instant now = Instant.now();
        var claims = JwtClaimsSet.builder().issuer(issuer).audience(List.of(audience)).subject(UUID.randomUUID().toString())
                .issuedAt(now).expiresAt(now.plusSeconds(60)).claim("roles", List.of("USER")).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId(kid).build(), claims)).getTokenValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keys(TokenKeys keys) {
        return (List<Map<String, Object>>) keys.publicJwks().get("keys");
    }
}
