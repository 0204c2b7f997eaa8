package io.crowdfund.pledge;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.MessagingProperties;
import io.crowdfund.messaging.Topics;

/** Owns pledges and orchestrates the pledge saga. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(PledgeProperties.class)
public class PledgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(PledgeApplication.class, args);
    }

    /** The topics this service produces (its commands to the participants included), created at start if missing. */
    @Bean
    KafkaAdmin.NewTopics ownTopics(MessagingProperties messaging) {
        return Topics.declare(messaging.partitions(), PledgeChannels.COMMANDS, PledgeChannels.REPLIES, PledgeChannels.EVENTS,
                WalletChannels.COMMANDS, CampaignChannels.COMMANDS, CampaignChannels.EVENTS);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
