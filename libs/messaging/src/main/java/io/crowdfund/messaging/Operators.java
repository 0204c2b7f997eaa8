package io.crowdfund.messaging;

import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * The kit's operator endpoints check the role themselves: the services' security lets any
 * authenticated user reach the actuator paths it does not name, and the kit cannot name its own.
 */
final class Operators {

    /** The role of the platform's operators (the token's {@code roles} claim, {@code ROLE_OPERATOR} in Spring Security). */
    static final String ROLE = "OPERATOR";

    /** HTTP status of a refusal. */
    static final int FORBIDDEN = 403;

    private Operators() {
    }

    static boolean allowed(SecurityContext security) {
        return security != null && security.isUserInRole(ROLE);
    }

    /** Who the operator is, for the log: the authenticated principal's name (a token's subject). */
    static String who(SecurityContext security) {
        return security.getPrincipal() == null ? "unknown" : security.getPrincipal().getName();
    }
}
