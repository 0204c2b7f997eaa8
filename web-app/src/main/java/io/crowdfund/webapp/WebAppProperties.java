package io.crowdfund.webapp;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web app's settings ({@code crowdfund.webapp.*}).
 *
 * @param services the base URL of each service, for the pages' clients and the gateway's routes
 * @param maxAmount the most one deposit or pledge may move, as the services enforce it (checked in the browser too)
 * @param pledgeWait how long the pledge form waits for a final answer before showing the pledge as being processed
 * @param pageSize how many rows a page's list shows
 */
@ConfigurationProperties("crowdfund.webapp")
public record WebAppProperties(Services services, BigDecimal maxAmount,
        @DefaultValue("5s") Duration pledgeWait, @DefaultValue("20") int pageSize) {

    public record Services(String wallet, String campaign, String pledge, String notification, String closure) {
    }
}
