package io.crowdfund.contracts.wallet;

import java.util.UUID;

/** A user account exists: the contact other services replicate. Keyed by user. */
public record UserRegistered(UUID userId, String username, String email) {
}
