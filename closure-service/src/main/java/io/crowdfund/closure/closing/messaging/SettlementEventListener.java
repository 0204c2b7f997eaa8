package io.crowdfund.closure.closing.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.closure.closing.Closures;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.IdempotentConsumer;

/** The events closure-service follows: campaigns' deadlines and closing, and settlement progress. */
@Component
class SettlementEventListener {

    private final IdempotentConsumer consumer;
    private final Closures closures;

    SettlementEventListener(IdempotentConsumer consumer, Closures closures) {
        this.consumer = consumer;
        this.closures = closures;
    }

    @KafkaListener(topics = {CampaignChannels.EVENTS, PledgeChannels.EVENTS, WalletChannels.EVENTS})
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.processEach("closure-events", records, Closures.EVENTS, closures::apply);
    }
}
