package io.crowdfund.pledge.saga;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A pledge to a campaign that is known to be closed or past its deadline: 409, nothing written. */
public class CampaignNotActive extends ErrorResponseException {

    CampaignNotActive(UUID campaignId) {
        super(HttpStatus.CONFLICT, problem(campaignId), null);
    }

    private static ProblemDetail problem(UUID campaignId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Campaign " + campaignId + " no longer takes pledges");
        problem.setTitle("Campaign not active");
        return problem;
    }
}
