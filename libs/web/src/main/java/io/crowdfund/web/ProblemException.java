package io.crowdfund.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An HTTP error named after what happened ({@code CampaignNotFound}, {@code RewardSoldOut}): a
 * subclass passes its status, title and detail, and {@link ProblemHandling} answers it as an RFC 9457
 * problem.
 */
public abstract class ProblemException extends ErrorResponseException {

    protected ProblemException(HttpStatus status, String title, String detail) {
        super(status, problem(status, title, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
