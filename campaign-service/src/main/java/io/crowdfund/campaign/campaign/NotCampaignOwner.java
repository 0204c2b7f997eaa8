package io.crowdfund.campaign.campaign;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** Someone other than the owner (or an operator) tried to change a campaign: 403. */
class NotCampaignOwner extends ProblemException {

    NotCampaignOwner() {
        super(HttpStatus.FORBIDDEN, "Not the owner", "Only the campaign's owner may change it");
    }
}
