package io.crowdfund.wallet.token;

import java.util.Optional;

import org.springframework.stereotype.Service;

import io.crowdfund.wallet.account.Accounts;
import io.crowdfund.wallet.account.User;

/** Exchanges credentials for an access token, within the limits of failed logins. */
@Service
public class Login {

    private final LoginThrottle throttle;
    private final Accounts accounts;
    private final TokenIssuer issuer;

    Login(LoginThrottle throttle, Accounts accounts, TokenIssuer issuer) {
        this.throttle = throttle;
        this.accounts = accounts;
        this.issuer = issuer;
    }

    /** A token for the user with these credentials; {@link BadCredentials} or {@link TooManyLoginAttempts} otherwise. */
    public TokenIssuer.AccessToken login(String username, String password, String clientAddress) {
        throttle.attempt(username, clientAddress);
        Optional<User> user = accounts.authenticate(username, password);
        if (user.isEmpty()) {
            throw new BadCredentials();
        }
        throttle.succeeded(username, clientAddress);
        return issuer.issue(user.get());
    }
}
