package io.crowdfund.wallet.token;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Unknown username or wrong password (deliberately not saying which): 401. */
public class BadCredentials extends ErrorResponseException {

    BadCredentials() {
        super(HttpStatus.UNAUTHORIZED, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Wrong username or password");
        problem.setTitle("Bad credentials");
        return problem;
    }
}
