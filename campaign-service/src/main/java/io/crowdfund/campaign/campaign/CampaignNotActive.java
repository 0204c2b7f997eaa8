package io.crowdfund.campaign.campaign;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** A change to a campaign that has closed: 409. */
class CampaignNotActive extends ProblemException {

    CampaignNotActive(UUID campaignId) {
        super(HttpStatus.CONFLICT, "Campaign not active", "Campaign " + campaignId + " is closed");
    }
}
