package io.crowdfund.campaign.campaign;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Someone other than the owner (or an operator) tried to change a campaign: 403. */
public class NotCampaignOwner extends ErrorResponseException {

    NotCampaignOwner() {
        super(HttpStatus.FORBIDDEN, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "Only the campaign's owner may change it");
        problem.setTitle("Not the owner");
        return problem;
    }
}
