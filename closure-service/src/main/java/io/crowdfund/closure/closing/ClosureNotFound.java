package io.crowdfund.closure.closing;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No campaign closure known for that id: 404. */
public class ClosureNotFound extends ErrorResponseException {

    ClosureNotFound(UUID campaignId) {
        super(HttpStatus.NOT_FOUND, problem(campaignId), null);
    }

    private static ProblemDetail problem(UUID campaignId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No campaign " + campaignId + " is known to closure-service");
        problem.setTitle("Closure not found");
        return problem;
    }
}
