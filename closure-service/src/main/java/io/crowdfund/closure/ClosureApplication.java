package io.crowdfund.closure;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.closure.ClosureChannels;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.MessagingProperties;
import io.crowdfund.messaging.Topics;
import io.crowdfund.web.EndpointAuthorization;

/** Keeps each campaign's deadline, closes it on time and drives its all-or-nothing settlement. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(ClosureProperties.class)
public class ClosureApplication {

    public static void main(String[] args) {
        SpringApplication.run(ClosureApplication.class, args);
    }

    /** The topics this service produces (its commands to the others included), created at start if missing. */
    @Bean
    KafkaAdmin.NewTopics ownTopics(MessagingProperties messaging) {
        return Topics.declare(messaging.partitions(), ClosureChannels.EVENTS, CampaignChannels.COMMANDS, CampaignChannels.EVENTS,
                PledgeChannels.COMMANDS, PledgeChannels.EVENTS, WalletChannels.COMMANDS, WalletChannels.EVENTS);
    }

    /** A closure's progress is public; listing them and closing early is for operators. */
    @Bean
    EndpointAuthorization closureEndpoints() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/closures/*").permitAll()
                .requestMatchers("/closures", "/closures/*/close").hasRole("OPERATOR");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
