package io.crowdfund.pledge.saga;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No pledge with that id: 404. */
public class PledgeNotFound extends ErrorResponseException {

    PledgeNotFound(UUID pledgeId) {
        super(HttpStatus.NOT_FOUND, problem(pledgeId), null);
    }

    private static ProblemDetail problem(UUID pledgeId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no pledge " + pledgeId);
        problem.setTitle("Pledge not found");
        return problem;
    }
}
