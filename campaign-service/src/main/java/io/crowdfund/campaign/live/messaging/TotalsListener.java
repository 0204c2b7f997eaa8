package io.crowdfund.campaign.live.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.campaign.live.CampaignSnapshot;
import io.crowdfund.campaign.live.web.CampaignStreams;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignTotalsChanged;
import io.crowdfund.messaging.MessageCodec;

/**
 * Every replica hears every totals event (a consumer group of its own, starting at the newest
 * record) and pushes it to its own watchers. Nothing is stored, so no inbox is needed.
 */
@Component
class TotalsListener {

    private final MessageCodec codec;
    private final CampaignStreams streams;

    TotalsListener(MessageCodec codec, CampaignStreams streams) {
        this.codec = codec;
        this.streams = streams;
    }

    @KafkaListener(topics = CampaignChannels.EVENTS, groupId = "campaign-streams-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        for (var message : codec.decodeReadable(records)) {
            if (message.payload() instanceof CampaignTotalsChanged totals) {
                streams.publish(CampaignSnapshot.of(totals));
            }
        }
    }
}
