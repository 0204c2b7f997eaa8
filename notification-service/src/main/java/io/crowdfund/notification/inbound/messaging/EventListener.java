package io.crowdfund.notification.inbound.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.closure.ClosureChannels;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.IdempotentConsumer;
import io.crowdfund.notification.inbound.EventRouter;

/** Every event notification-service needs, each applied once with the deliveries it causes, a polled batch in one transaction. */
@Component
class EventListener {

    private final IdempotentConsumer consumer;
    private final EventRouter router;

    EventListener(IdempotentConsumer consumer, EventRouter router) {
        this.consumer = consumer;
        this.router = router;
    }

    @KafkaListener(topics = {WalletChannels.EVENTS, CampaignChannels.EVENTS, PledgeChannels.EVENTS, ClosureChannels.EVENTS})
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.processBatch("notification-events", records, EventRouter.EVENTS, router::apply);
    }
}
