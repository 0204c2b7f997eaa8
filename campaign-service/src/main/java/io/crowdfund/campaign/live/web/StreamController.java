package io.crowdfund.campaign.live.web;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.crowdfund.campaign.campaign.Campaigns;
import io.crowdfund.campaign.live.CampaignSnapshot;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Campaigns")
class StreamController {

    private final Campaigns campaigns;
    private final CampaignStreams streams;
    private final List<IpAddressMatcher> trustedProxies;

    StreamController(Campaigns campaigns, CampaignStreams streams, @Value("${server.tomcat.remoteip.internal-proxies}") String trustedProxies) {
        this.campaigns = campaigns;
        this.streams = streams;
        this.trustedProxies = Arrays.stream(trustedProxies.split(",")).map(String::strip).filter(range -> !range.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    @GetMapping(path = "/campaigns/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamCampaign", summary = "Live totals (Server-Sent Events)", description = """
            Starts with the current totals, then an event `totals` each time funds, backers, a tier's claims or a milestone
            change (at most one every CAMPAIGN_STREAM_MIN_INTERVAL, 250 ms, carrying the latest), and a final event `closed` when the
            campaign closes. A replica holds at
            most 10,000 streams (CAMPAIGN_STREAM_MAX_OPEN; beyond: 503), at most 20 from one client address (CAMPAIGN_STREAM_MAX_PER_CLIENT;
            beyond: 429), both with Retry-After.""")
    @ApiResponse(responseCode = "200", description = "The event stream; each event's data is a JSON object of the campaign's totals",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "429", description = "This client holds its most streams (CAMPAIGN_STREAM_MAX_PER_CLIENT)")
    SseEmitter stream(@PathVariable UUID id, HttpServletRequest request) {
        // The client is the request's remote address: the connection's peer, or the address in X-Forwarded-For when the peer is
        // one of TRUSTED_PROXIES (libs/web's defaults); behind the gateway, which sends the browser's address alone, it is the
        // browser's. A stream whose client is a trusted proxy itself is that proxy's own: web-app's hub, one per watched campaign.
        String client = request.getRemoteAddr();
        boolean proxy = trustedProxies.stream().anyMatch(range -> range.matches(client));
        return streams.open(id, client, proxy, () -> CampaignSnapshot.of(campaigns.get(id)));
    }
}
