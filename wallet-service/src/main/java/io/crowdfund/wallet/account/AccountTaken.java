package io.crowdfund.wallet.account;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/**
 * Registration with a username or email that already belongs to someone: 409, the same answer
 * whichever of the two is taken, so that registering does not tell which emails have an account.
 */
class AccountTaken extends ProblemException {

    AccountTaken() {
        super(HttpStatus.CONFLICT, "Account already exists", "That username or email is already taken");
    }
}
