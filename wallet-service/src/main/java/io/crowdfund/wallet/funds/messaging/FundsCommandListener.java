package io.crowdfund.wallet.funds.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.contracts.wallet.WalletChannels;
import io.crowdfund.messaging.IdempotentConsumer;
import io.crowdfund.wallet.funds.FundsCommands;

/** The saga's commands to wallet-service: one polled batch, one transaction. */
@Component
class FundsCommandListener {

    private final IdempotentConsumer consumer;
    private final FundsCommands commands;

    FundsCommandListener(IdempotentConsumer consumer, FundsCommands commands) {
        this.consumer = consumer;
        this.commands = commands;
    }

    @KafkaListener(topics = WalletChannels.COMMANDS)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        consumer.processBatch("wallet-commands", records, commands::apply);
    }
}
