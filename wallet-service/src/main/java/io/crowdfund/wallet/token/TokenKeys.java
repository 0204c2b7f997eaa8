package io.crowdfund.wallet.token;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.StringUtils;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import io.crowdfund.wallet.WalletProperties;

/**
 * The signing key, the encoder that uses it, the public JWKS (the signing key first, then the keys
 * that only verify: the previous one during a rotation), and this service's own token decoder: its
 * own tokens (signed with a key of the JWKS) are checked against those keys in memory, with no call
 * to itself; any other token (an external identity provider's) against the configured JWKS URL,
 * like every service. Either way the issuer and audience must be the resource server's.
 */
@Configuration(proxyBeanMethods = false)
public class TokenKeys {

    private static final Logger log = LoggerFactory.getLogger(TokenKeys.class);

    private final RSAKey signingKey;
    private final JWKSet publicKeys;

    TokenKeys(WalletProperties properties) {
        this.signingKey = SigningKey.load(properties.token());
        Map<String, JWK> published = new LinkedHashMap<>();
        published.put(signingKey.getKeyID(), signingKey.toPublicJWK());
        SigningKey.verificationKeys(properties.token().verificationKeys()).forEach(key -> published.putIfAbsent(key.getKeyID(), key));
        this.publicKeys = new JWKSet(new ArrayList<>(published.values()));
        log.info("Signing tokens with key {}; the JWKS publishes {}", signingKey.getKeyID(), published.keySet());
    }

    RSAKey signingKey() {
        return signingKey;
    }

    /** The ids of the keys this service's tokens may be signed with: the signing key's and the verification keys'. */
    Set<String> keyIds() {
        Set<String> ids = new LinkedHashSet<>();
        publicKeys.getKeys().forEach(key -> ids.add(key.getKeyID()));
        return ids;
    }

    /** The public keys as a JWKS document. */
    public Map<String, Object> publicJwks() {
        return publicKeys.toJSONObject();
    }

    @Bean
    JwtEncoder jwtEncoder() {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
    }

    @Bean
    JwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer) {
        OAuth2TokenValidator<Jwt> checks = checks(resourceServer.getJwt());
        NimbusJwtDecoder own = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(publicKeys)).jwsAlgorithm(SignatureAlgorithm.RS256).build();
        own.setJwtValidator(checks);
        NimbusJwtDecoder external = NimbusJwtDecoder.withJwkSetUri(resourceServer.getJwt().getJwkSetUri()).build();
        external.setJwtValidator(checks);
        return new OwnOrExternalJwtDecoder(keyIds(), own, external);
    }

    /** What Spring Boot checks with a decoder of its own: expiry, and the issuer and audiences configured for the resource server. */
    static OAuth2TokenValidator<Jwt> checks(OAuth2ResourceServerProperties.Jwt settings) {
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        if (StringUtils.hasText(settings.getIssuerUri())) {
            checks.add(new JwtIssuerValidator(settings.getIssuerUri()));
        }
        List<String> audiences = settings.getAudiences();
        if (audiences != null && !audiences.isEmpty()) {
            checks.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && !Collections.disjoint(aud, audiences)));
        }
        return checks.isEmpty() ? JwtValidators.createDefault() : JwtValidators.createDefaultWithValidators(checks);
    }
}
