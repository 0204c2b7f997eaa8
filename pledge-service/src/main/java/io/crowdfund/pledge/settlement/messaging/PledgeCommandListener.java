package io.crowdfund.pledge.settlement.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.SettleCampaignPledges;
import io.crowdfund.messaging.IdempotentConsumer;
import io.crowdfund.pledge.settlement.PledgeSettlements;

/** Commands to pledge-service: settling a closed campaign's pledges. */
@Component
class PledgeCommandListener {

    private final IdempotentConsumer consumer;
    private final PledgeSettlements settlements;

    PledgeCommandListener(IdempotentConsumer consumer, PledgeSettlements settlements) {
        this.consumer = consumer;
        this.settlements = settlements;
    }

    @KafkaListener(topics = PledgeChannels.COMMANDS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.processEach("pledge-commands", records, message -> {
            if (!(message.payload() instanceof SettleCampaignPledges command)) {
                throw new IllegalArgumentException("pledge-service is not asked " + message.type());
            }
            settlements.begin(command);
        });
    }
}
