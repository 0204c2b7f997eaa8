package io.crowdfund.campaign.campaign;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.crowdfund.web.ProblemException;

/** No campaign with that id: 404. */
public class CampaignNotFound extends ProblemException {

    public CampaignNotFound(UUID campaignId) {
        super(HttpStatus.NOT_FOUND, "Campaign not found", "There is no campaign " + campaignId);
    }
}
