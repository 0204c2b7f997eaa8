package io.crowdfund.closure.closing;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** No campaign closure known for that id: 404. */
class ClosureNotFound extends ProblemException {

    ClosureNotFound(UUID campaignId) {
        super(HttpStatus.NOT_FOUND, "Closure not found", "No campaign " + campaignId + " is known to closure-service");
    }
}
