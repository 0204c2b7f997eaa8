package io.crowdfund.wallet.token;

import java.text.ParseException;
import java.util.Set;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

/** Decodes tokens signed with one of this service's keys locally and hands every other token to the JWKS URL's decoder. */
final class OwnOrExternalJwtDecoder implements JwtDecoder {

    private final Set<String> ownKeyIds;
    private final JwtDecoder own;
    private final JwtDecoder external;

    OwnOrExternalJwtDecoder(Set<String> ownKeyIds, JwtDecoder own, JwtDecoder external) {
        this.ownKeyIds = Set.copyOf(ownKeyIds);
        this.own = own;
        this.external = external;
    }

    @Override
    public Jwt decode(String token) {
        try {
            boolean ours = JWTParser.parse(token) instanceof SignedJWT signed && signed.getHeader().getKeyID() != null
                    && ownKeyIds.contains(signed.getHeader().getKeyID());
            return ours ? own.decode(token) : external.decode(token);
        } catch (ParseException e) {
            throw new BadJwtException("Malformed token", e);
        }
    }
}
