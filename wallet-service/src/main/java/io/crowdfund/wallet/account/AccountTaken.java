package io.crowdfund.wallet.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Registration with a username or email that already belongs to someone: 409. */
public class AccountTaken extends ErrorResponseException {

    AccountTaken(String what) {
        super(HttpStatus.CONFLICT, problem(what), null);
    }

    private static ProblemDetail problem(String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "That " + what + " is already taken");
        problem.setTitle("Account already exists");
        return problem;
    }
}
