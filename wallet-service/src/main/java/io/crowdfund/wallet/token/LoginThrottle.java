package io.crowdfund.wallet.token;

import java.util.Locale;

import org.springframework.stereotype.Component;

import io.crowdfund.web.TooManyRequests;
import io.crowdfund.web.VelocityLimits;

/**
 * Limits failed logins per client address and per username, in buckets every replica shares (the
 * velocity limits, in this service's database). An attempt takes one from both buckets before the
 * password is checked, so parallel guesses cannot overtake the count; a successful login gives both
 * back, so only failures count. The address is the request's remote address: the client's, taken
 * from X-Forwarded-For only when a trusted proxy sent it (TRUSTED_PROXIES).
 */
@Component
class LoginThrottle {

    static final String PER_ADDRESS = "failed-logins-per-address";
    static final String PER_USERNAME = "failed-logins-per-username";

    private final VelocityLimits limits;

    LoginThrottle(VelocityLimits limits) {
        this.limits = limits;
    }

    /** Counts the attempt as a failure until {@link #succeeded} says otherwise, or throws {@link TooManyLoginAttempts}. */
    void attempt(String username, String clientAddress) {
        try {
            limits.take(PER_ADDRESS, clientAddress);
        } catch (TooManyRequests refused) {
            throw new TooManyLoginAttempts(refused.retryAfterSeconds());
        }
        try {
            limits.take(PER_USERNAME, key(username));
        } catch (TooManyRequests refused) {
            limits.giveBack(PER_ADDRESS, clientAddress); // refused before any password was checked
            throw new TooManyLoginAttempts(refused.retryAfterSeconds());
        }
    }

    /** The attempt was a successful login: it does not count against the username or the address. */
    void succeeded(String username, String clientAddress) {
        limits.giveBack(PER_USERNAME, key(username));
        limits.giveBack(PER_ADDRESS, clientAddress);
    }

    /** Usernames compare regardless of case, so their buckets do too. */
    private static String key(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
