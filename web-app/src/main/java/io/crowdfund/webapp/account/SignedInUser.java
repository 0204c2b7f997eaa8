package io.crowdfund.webapp.account;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.AuthenticatedPrincipal;

import io.crowdfund.webapp.services.TokenBearer;

/**
 * The person signed in to this session, with the token wallet-service issued at log-in. It lives only
 * in the server-side session (Backend-for-Frontend): the browser holds nothing but the session cookie.
 */
public record SignedInUser(UUID id, String username, Set<String> roles, String accessToken, Instant expiresAt) implements AuthenticatedPrincipal, TokenBearer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String getName() {
        return username;
    }

    public boolean isOperator() {
        return roles.contains("OPERATOR");
    }

    @Override
    public String toString() { // never the token: this reaches logs
        return "SignedInUser[" + username + "]";
    }
}
