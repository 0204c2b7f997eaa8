package io.crowdfund.pledge.saga.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.contracts.pledge.PledgeChannels;
import io.crowdfund.messaging.IdempotentConsumer;
import io.crowdfund.pledge.saga.PledgeSaga;

/** The participants' replies: one polled batch, one transaction. */
@Component
class ReplyListener {

    private final IdempotentConsumer consumer;
    private final PledgeSaga saga;

    ReplyListener(IdempotentConsumer consumer, PledgeSaga saga) {
        this.consumer = consumer;
        this.saga = saga;
    }

    @KafkaListener(topics = PledgeChannels.REPLIES)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.processBatch("pledge-replies", records, saga::apply);
    }
}
