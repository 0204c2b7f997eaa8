package io.crowdfund.wallet.token;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import io.crowdfund.wallet.WalletProperties;

/**
 * The signing key, the encoder that uses it, the public JWKS, and this service's own token
 * decoder: its own tokens are checked against the key in memory (no call to itself); any other
 * token (an external identity provider's) against the configured JWKS URL, like every service.
 */
@Configuration(proxyBeanMethods = false)
public class TokenKeys {

    private final RSAKey signingKey;

    TokenKeys(WalletProperties properties) {
        this.signingKey = SigningKey.load(properties.token());
    }

    RSAKey signingKey() {
        return signingKey;
    }

    /** The public keys as a JWKS document. */
    public Map<String, Object> publicJwks() {
        return new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }

    @Bean
    JwtEncoder jwtEncoder() {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
    }

    @Bean
    JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwksUrl) throws Exception {
        return new OwnOrExternalJwtDecoder(signingKey.getKeyID(), NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build(),
                NimbusJwtDecoder.withJwkSetUri(jwksUrl).build());
    }
}
