package io.crowdfund.wallet.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

import io.crowdfund.wallet.WalletProperties;
import io.crowdfund.wallet.account.User;

/**
 * Issues RS256 access tokens signed with the current key (its id in the header): issuer and audience
 * as configured, subject = user id, {@code roles}, {@code preferred_username}, configurable lifetime.
 */
@Component
public class TokenIssuer {

    private final JwtEncoder encoder;
    private final String keyId;
    private final String issuer;
    private final String audience;
    private final Duration timeToLive;

    TokenIssuer(JwtEncoder encoder, TokenKeys keys, WalletProperties properties) {
        this.encoder = encoder;
        this.keyId = keys.signingKey().getKeyID();
        this.issuer = properties.token().issuer();
        this.audience = properties.token().audience();
        this.timeToLive = properties.token().timeToLive();
    }

    public record AccessToken(String value, Duration validFor) {
    }

    AccessToken issue(User user) {
        Instant now = Instant.now();
        var claims = JwtClaimsSet.builder()
                .id(UUID.randomUUID().toString())
                .issuer(issuer)
                .audience(List.of(audience))
                .subject(user.id().toString())
                .issuedAt(now)
                .expiresAt(now.plus(timeToLive))
                .claim("roles", user.roles())
                .claim("preferred_username", user.username())
                .build();
        var header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(keyId).build();
        return new AccessToken(encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue(), timeToLive);
    }
}
