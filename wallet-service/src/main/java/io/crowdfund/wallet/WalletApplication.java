package io.crowdfund.wallet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.EnableScheduling;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.MessagingProperties;
import io.crowdfund.messaging.Topics;

/** Owns users, credentials, tokens, wallets, holds and the ledger; the pledge saga's money participant. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(WalletProperties.class)
public class WalletApplication {

    public static void main(String[] args) {
        SpringApplication.run(WalletApplication.class, args);
    }

    /** The topics this service produces (its replies included), created at start if missing. */
    @Bean
    KafkaAdmin.NewTopics ownTopics(MessagingProperties messaging) {
        return Topics.declare(messaging.partitions(), WalletChannels.COMMANDS, WalletChannels.EVENTS, PledgeChannels.REPLIES);
    }
}
