package io.crowdfund.wallet.token;

import java.text.ParseException;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

/** Decodes tokens signed with this service's key locally and hands every other token to the JWKS URL's decoder. */
final class OwnOrExternalJwtDecoder implements JwtDecoder {

    private final String ownKeyId;
    private final JwtDecoder own;
    private final JwtDecoder external;

    OwnOrExternalJwtDecoder(String ownKeyId, JwtDecoder own, JwtDecoder external) {
        this.ownKeyId = ownKeyId;
        this.own = own;
        this.external = external;
    }

    @Override
    public Jwt decode(String token) {
        try {
            boolean ours = JWTParser.parse(token) instanceof SignedJWT signed && ownKeyId.equals(signed.getHeader().getKeyID());
            return ours ? own.decode(token) : external.decode(token);
        } catch (ParseException e) {
            throw new BadJwtException("Malformed token", e);
        }
    }
}
