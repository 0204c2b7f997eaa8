package io.crowdfund.web;

import java.util.UUID;

/**
 * The authenticated user making a request: the token's subject as a user id, and whether they are
 * an operator. Declare it as a controller method parameter.
 */
public record Caller(UUID id, boolean operator) {

    public boolean is(UUID userId) {
        return id.equals(userId);
    }
}
