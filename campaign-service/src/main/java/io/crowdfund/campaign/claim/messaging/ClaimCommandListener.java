package io.crowdfund.campaign.claim.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.campaign.claim.ClaimCommands;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.messaging.IdempotentConsumer;

/** The saga's claims, unclaims and closings: one polled batch, one transaction. */
@Component
class ClaimCommandListener {

    private final IdempotentConsumer consumer;
    private final ClaimCommands commands;

    ClaimCommandListener(IdempotentConsumer consumer, ClaimCommands commands) {
        this.consumer = consumer;
        this.commands = commands;
    }

    @KafkaListener(topics = CampaignChannels.COMMANDS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.processBatch("campaign-commands", records, commands::apply);
    }
}
