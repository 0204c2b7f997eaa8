package io.crowdfund.wallet.token;

import java.time.Duration;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.crowdfund.wallet.WalletProperties;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Limits login attempts per username and per client address with Resilience4j rate limiters, kept
 * in a bounded cache so a flood of made-up names cannot exhaust memory.
 */
@Component
class LoginThrottle {

    private final RateLimiterConfig perUsername;
    private final RateLimiterConfig perAddress;
    private final Duration period;
    private final Cache<String, RateLimiter> limiters;

    LoginThrottle(WalletProperties properties) {
        var login = properties.login();
        this.period = login.period();
        this.perUsername = config(login.attemptsPerUsername(), period);
        this.perAddress = config(login.attemptsPerAddress(), period);
        this.limiters = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(period.multipliedBy(2)).build();
    }

    /** Takes a permit for one attempt, or throws {@link TooManyLoginAttempts}. */
    void attempt(String username, String clientAddress) {
        boolean allowed = limiter("address:" + clientAddress, perAddress).acquirePermission()
                && limiter("username:" + username.toLowerCase(Locale.ROOT), perUsername).acquirePermission();
        if (!allowed) {
            throw new TooManyLoginAttempts(period);
        }
    }

    private RateLimiter limiter(String key, RateLimiterConfig config) {
        return limiters.get(key, name -> RateLimiter.of(name, config));
    }

    private static RateLimiterConfig config(int attempts, Duration period) {
        return RateLimiterConfig.custom().limitForPeriod(attempts).limitRefreshPeriod(period).timeoutDuration(Duration.ZERO).build();
    }
}
