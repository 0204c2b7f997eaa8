package io.crowdfund.pledge.saga;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** No pledge with that id: 404. */
class PledgeNotFound extends ProblemException {

    PledgeNotFound(UUID pledgeId) {
        super(HttpStatus.NOT_FOUND, "Pledge not found", "There is no pledge " + pledgeId);
    }
}
