package io.crowdfund.pledge.saga;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A cancellation the pledge or its campaign does not allow: 409. */
public class PledgeNotCancellable extends ErrorResponseException {

    PledgeNotCancellable(UUID pledgeId, String why) {
        super(HttpStatus.CONFLICT, problem(pledgeId, why), null);
    }

    private static ProblemDetail problem(UUID pledgeId, String why) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Pledge " + pledgeId + " cannot be cancelled: " + why);
        problem.setTitle("Pledge not cancellable");
        return problem;
    }
}
