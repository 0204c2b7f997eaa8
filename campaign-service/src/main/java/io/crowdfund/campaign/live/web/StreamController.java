package io.crowdfund.campaign.live.web;

import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.crowdfund.campaign.campaign.Campaigns;
import io.crowdfund.campaign.live.CampaignSnapshot;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;

@RestController
class StreamController {

    private final Campaigns campaigns;
    private final CampaignStreams streams;

    StreamController(Campaigns campaigns, CampaignStreams streams) {
        this.campaigns = campaigns;
        this.streams = streams;
    }

    @GetMapping(path = "/campaigns/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live totals (Server-Sent Events)", description = """
            Starts with the current totals, then an event `totals` each time funds, backers, a tier's claims or a milestone
            change (at most one per batch of pledges), and a final event `closed` when the campaign closes.""")
    @SecurityRequirements
    SseEmitter stream(@PathVariable UUID id) {
        return streams.open(id, CampaignSnapshot.of(campaigns.get(id)));
    }
}
