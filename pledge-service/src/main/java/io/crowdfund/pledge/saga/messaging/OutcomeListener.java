package io.crowdfund.pledge.saga.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.contracts.pledge.PledgeConfirmed;
import io.crowdfund.contracts.pledge.PledgeRefunded;
import io.crowdfund.contracts.pledge.PledgeRejected;
import io.crowdfund.messaging.MessageCodec;
import io.crowdfund.pledge.saga.PledgeOutcomes;

/**
 * Wakes requests waiting on this replica for pledges another replica finished: every replica hears
 * every pledge event (a group of its own, from the newest record). Nothing is stored.
 */
@Component
class OutcomeListener {

    private final MessageCodec codec;
    private final PledgeOutcomes outcomes;

    OutcomeListener(MessageCodec codec, PledgeOutcomes outcomes) {
        this.codec = codec;
        this.outcomes = outcomes;
    }

    @KafkaListener(topics = PledgeChannels.EVENTS, groupId = "pledge-outcomes-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        for (var message : codec.decodeReadable(records)) {
            switch (message.payload()) {
                case PledgeConfirmed e -> outcomes.finishedElsewhere(e.pledgeId());
                case PledgeRejected e -> outcomes.finishedElsewhere(e.pledgeId());
                case PledgeRefunded e -> outcomes.finishedElsewhere(e.pledgeId());
                default -> { }
            }
        }
    }
}
