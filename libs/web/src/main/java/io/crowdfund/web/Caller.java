package io.crowdfund.web;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated user making a request: the token's subject as a user id, whether they are an
 * operator, and their username (the token's {@code preferred_username}, as wallet-service issues it;
 * null for a token without one). Declare it as a controller method parameter.
 */
public record Caller(UUID id, boolean operator, @Nullable String username) {

    /** A caller whose token names no username. */
    public Caller(UUID id, boolean operator) {
        this(id, operator, null);
    }

    public boolean is(UUID userId) {
        return id.equals(userId);
    }
}
