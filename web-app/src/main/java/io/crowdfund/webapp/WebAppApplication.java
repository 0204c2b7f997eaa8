package io.crowdfund.webapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.web.service.registry.ImportHttpServices;

import io.crowdfund.webapp.services.CampaignClient;
import io.crowdfund.webapp.services.ClosureClient;
import io.crowdfund.webapp.services.PledgeClient;
import io.crowdfund.webapp.services.WalletClient;

/**
 * The site people use and the one origin for API clients: pages under {@code /}, the public API under
 * {@code /api}. Each service's typed clients form a group whose base URL is
 * {@code spring.http.serviceclient.<group>.base-url}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@ImportHttpServices(group = "wallet", types = WalletClient.class, basePackages = "io.crowdfund.webapp.account")
@ImportHttpServices(group = "campaign", types = CampaignClient.class)
@ImportHttpServices(group = "pledge", types = PledgeClient.class)
@ImportHttpServices(group = "notification", basePackages = "io.crowdfund.webapp.notification")
@ImportHttpServices(group = "closure", types = ClosureClient.class)
public class WebAppApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebAppApplication.class, args);
    }
}
