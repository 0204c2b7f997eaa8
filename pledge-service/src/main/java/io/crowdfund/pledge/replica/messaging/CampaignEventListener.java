package io.crowdfund.pledge.replica.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.messaging.IdempotentConsumer;
import io.crowdfund.pledge.replica.CampaignReplicaUpdates;

/** Keeps the campaign replica current from campaign-service's events. */
@Component
class CampaignEventListener {

    private final IdempotentConsumer consumer;
    private final CampaignReplicaUpdates updates;

    CampaignEventListener(IdempotentConsumer consumer, CampaignReplicaUpdates updates) {
        this.consumer = consumer;
        this.updates = updates;
    }

    @KafkaListener(topics = CampaignChannels.EVENTS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.processEach("campaign-events", records, CampaignReplicaUpdates.EVENTS, updates::apply);
    }
}
