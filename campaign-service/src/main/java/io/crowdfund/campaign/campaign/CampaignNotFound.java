package io.crowdfund.campaign.campaign;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No campaign with that id: 404. */
public class CampaignNotFound extends ErrorResponseException {

    public CampaignNotFound(UUID campaignId) {
        super(HttpStatus.NOT_FOUND, problem(campaignId), null);
    }

    private static ProblemDetail problem(UUID campaignId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no campaign " + campaignId);
        problem.setTitle("Campaign not found");
        return problem;
    }
}
