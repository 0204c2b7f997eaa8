package io.crowdfund.campaign;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import io.crowdfund.messaging.MessagingProperties;
import io.crowdfund.messaging.Topics;
import io.crowdfund.contracts.campaign.CampaignChannels;

/** Owns campaigns, categories, reward tiers, milestones and live totals; claims pledges for the saga. */
@SpringBootApplication
public class CampaignApplication {

    public static void main(String[] args) {
        SpringApplication.run(CampaignApplication.class, args);
    }

    /** The topics this service produces, created at start if missing. */
    @Bean
    KafkaAdmin.NewTopics ownTopics(MessagingProperties messaging) {
        return Topics.declare(messaging.partitions(), CampaignChannels.COMMANDS, CampaignChannels.EVENTS);
    }
}
