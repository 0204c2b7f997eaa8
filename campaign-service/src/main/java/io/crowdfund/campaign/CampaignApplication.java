package io.crowdfund.campaign;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.messaging.MessagingProperties;
import io.crowdfund.messaging.Topics;
import io.crowdfund.web.EndpointAuthorization;

/** Owns campaigns, categories, reward tiers, milestones and live totals; claims pledges for the saga. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(CampaignProperties.class)
public class CampaignApplication {

    public static void main(String[] args) {
        SpringApplication.run(CampaignApplication.class, args);
    }

    /** The topics this service produces (its replies included), created at start if missing. */
    @Bean
    KafkaAdmin.NewTopics ownTopics(MessagingProperties messaging) {
        return Topics.declare(messaging.partitions(), CampaignChannels.COMMANDS, CampaignChannels.EVENTS, PledgeChannels.REPLIES);
    }

    /** Reading campaigns, categories and live totals is public; changing them needs a user's token. */
    @Bean
    EndpointAuthorization campaignEndpoints() {
        return requests -> requests.requestMatchers(HttpMethod.GET, "/categories", "/campaigns", "/campaigns/*", "/campaigns/*/stream")
                .permitAll();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
