package io.crowdfund.closure;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import io.crowdfund.messaging.MessagingProperties;
import io.crowdfund.messaging.Topics;
import io.crowdfund.contracts.closure.ClosureChannels;

/** Keeps each campaign's deadline, closes it on time and drives its all-or-nothing settlement. */
@SpringBootApplication
public class ClosureApplication {

    public static void main(String[] args) {
        SpringApplication.run(ClosureApplication.class, args);
    }

    /** The topics this service produces, created at start if missing. */
    @Bean
    KafkaAdmin.NewTopics ownTopics(MessagingProperties messaging) {
        return Topics.declare(messaging.partitions(), ClosureChannels.EVENTS);
    }
}
