package io.crowdfund.pledge.saga;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** A pledge to a campaign that is known to be closed or past its deadline: 409, nothing written. */
class CampaignNotActive extends ProblemException {

    CampaignNotActive(UUID campaignId) {
        super(HttpStatus.CONFLICT, "Campaign not active", "Campaign " + campaignId + " no longer takes pledges");
    }
}
