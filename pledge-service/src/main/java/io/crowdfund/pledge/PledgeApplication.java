package io.crowdfund.pledge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import io.crowdfund.messaging.MessagingProperties;
import io.crowdfund.messaging.Topics;
import io.crowdfund.contracts.pledge.PledgeChannels;

/** Owns pledges and orchestrates the pledge saga. */
@SpringBootApplication
public class PledgeApplication {

    public static void main(String[] args) {
        SpringApplication.run(PledgeApplication.class, args);
    }

    /** The topics this service produces, created at start if missing. */
    @Bean
    KafkaAdmin.NewTopics ownTopics(MessagingProperties messaging) {
        return Topics.declare(messaging.partitions(), PledgeChannels.COMMANDS, PledgeChannels.REPLIES, PledgeChannels.EVENTS);
    }
}
