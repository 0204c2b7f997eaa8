package io.crowdfund.wallet.token;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** Unknown username or wrong password (deliberately not saying which): 401. */
class BadCredentials extends ProblemException {

    BadCredentials() {
        super(HttpStatus.UNAUTHORIZED, "Bad credentials", "Wrong username or password");
    }
}
