package io.crowdfund.pledge.saga;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** A cancellation the pledge or its campaign does not allow: 409. */
class PledgeNotCancellable extends ProblemException {

    PledgeNotCancellable(UUID pledgeId, String why) {
        super(HttpStatus.CONFLICT, "Pledge not cancellable", "Pledge " + pledgeId + " cannot be cancelled: " + why);
    }
}
