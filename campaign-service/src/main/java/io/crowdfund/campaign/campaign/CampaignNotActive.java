package io.crowdfund.campaign.campaign;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A change to a campaign that has closed: 409. */
public class CampaignNotActive extends ErrorResponseException {

    CampaignNotActive(UUID campaignId) {
        super(HttpStatus.CONFLICT, problem(campaignId), null);
    }

    private static ProblemDetail problem(UUID campaignId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Campaign " + campaignId + " is closed");
        problem.setTitle("Campaign not active");
        return problem;
    }
}
