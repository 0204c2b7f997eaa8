package io.crowdfund.webapp.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/campaigns/{id}/stream}, the campaign's live totals, answered here from the hub rather
 * than passed through the gateway's route: a thousand watchers of a campaign are one stream for
 * campaign-service. An annotated handler is asked before the gateway's routes.
 */
@RestController
class LiveStreamController {

    private final CampaignStreamHub hub;

    LiveStreamController(CampaignStreamHub hub) {
        this.hub = hub;
    }

    /** The stream; or, written here, the answer instead of it (a problem, or campaign-service's own). */
    @GetMapping(path = "/api/campaigns/{id}/stream")
    SseEmitter stream(@PathVariable String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
        UUID campaignId;
        try {
            campaignId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return write(LiveProblems.notACampaign(request.getRequestURI()), response);
        }
        // the person's address: the connection's peer, or what a trusted proxy (TRUSTED_PROXIES) forwarded
        return switch (hub.open(campaignId, request.getRemoteAddr())) {
            case CampaignStreamHub.Streaming streaming -> streaming.emitter();
            case CampaignStreamHub.Refused refused -> write(refused, response);
        };
    }

    private static SseEmitter write(CampaignStreamHub.Refused refused, HttpServletResponse response) throws IOException {
        response.setStatus(refused.status());
        response.setContentType(refused.contentType());
        refused.headers().forEach(response::setHeader);
        response.getOutputStream().write(refused.body().getBytes(StandardCharsets.UTF_8));
        return null;
    }
}
