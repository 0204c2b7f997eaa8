package io.crowdfund.webapp;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web app's settings ({@code crowdfund.webapp.*}).
 *
 * @param services the base URLs of each service's replicas (one, or several), for the pages' clients and the gateway's routes
 * @param maxAmount the most one deposit or pledge may move, as the services enforce it (checked in the browser too)
 * @param pledgeWait how long the pledge form waits for a final answer before showing the pledge as being processed
 * @param pageSize how many rows a page's list shows
 * @param stream the live streams this web-app serves (live.CampaignStreamHub)
 */
@ConfigurationProperties("crowdfund.webapp")
public record WebAppProperties(Services services, BigDecimal maxAmount,
        @DefaultValue("5s") Duration pledgeWait, @DefaultValue("20") int pageSize, Stream stream) {

    /**
     * The live streams of {@code /api/campaigns/{id}/stream}: one upstream per watched campaign, fanned out.
     *
     * @param maxOpen the most streams this web-app holds for its clients (beyond: 503)
     * @param maxPerClient the most one client address may hold (beyond: 429)
     * @param retryAfter the Retry-After of a refusal
     * @param heartbeat how often an idle stream gets a comment, so proxies keep it open
     * @param timeout how long a stream stays open at most (the browser reconnects)
     * @param reconnectDelay the pause before connecting again to campaign-service when its stream is lost
     */
    public record Stream(int maxOpen, int maxPerClient, Duration retryAfter, Duration heartbeat, Duration timeout, Duration reconnectDelay) {
    }

    public record Services(List<URI> wallet, List<URI> campaign, List<URI> pledge, List<URI> notification, List<URI> closure) {

        /** Each service's id (its {@code lb://} name, e.g. {@code wallet-service}) with its replicas' base URLs, in route order. */
        public Map<String, List<URI>> byServiceId() {
            Map<String, List<URI>> replicas = new LinkedHashMap<>();
            replicas.put("wallet-service", wallet);
            replicas.put("campaign-service", campaign);
            replicas.put("pledge-service", pledge);
            replicas.put("notification-service", notification);
            replicas.put("closure-service", closure);
            return replicas;
        }
    }
}
