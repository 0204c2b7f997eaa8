package io.crowdfund.wallet.token;

import org.springframework.stereotype.Service;

import io.crowdfund.wallet.account.Accounts;

/** Exchanges credentials for an access token, within the login rate limits. */
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

    public TokenIssuer.AccessToken login(String username, String password, String clientAddress) {
        throttle.attempt(username, clientAddress);
        return accounts.authenticate(username, password).map(issuer::issue).orElseThrow(BadCredentials::new);
    }
}
