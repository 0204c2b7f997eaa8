package io.crowdfund.wallet.account;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** Registration with a username or email that already belongs to someone: 409. */
public class AccountTaken extends ProblemException {

    AccountTaken(String what) {
        super(HttpStatus.CONFLICT, "Account already exists", "That " + what + " is already taken");
    }
}
