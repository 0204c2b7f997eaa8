package io.crowdfund.campaign.live.messaging;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.crowdfund.campaign.campaign.web.CampaignReads;
import io.crowdfund.campaign.live.CampaignSnapshot;
import io.crowdfund.campaign.live.web.CampaignStreams;
import io.crowdfund.contracts.campaign.CampaignChannels;
import io.crowdfund.contracts.campaign.CampaignTotalsChanged;
import io.crowdfund.messaging.MessageCodec;

/**
 * Every replica hears every campaign event (a consumer group of its own, starting at the newest
 * record): each one, whatever it tells, makes the replica read its campaign afresh on the next
 * {@code GET}, and totals go to the replica's watchers. Nothing is stored, so no inbox is needed.
 */
@Component
class CampaignEventsListener {

    private final MessageCodec codec;
    private final CampaignStreams streams;
    private final CampaignReads reads;

    CampaignEventsListener(MessageCodec codec, CampaignStreams streams, CampaignReads reads) {
        this.codec = codec;
        this.streams = streams;
        this.reads = reads;
    }

    @KafkaListener(topics = CampaignChannels.EVENTS, groupId = "campaign-streams-#{T(java.util.UUID).randomUUID()}",
            properties = "auto.offset.reset=latest")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        for (var message : codec.decodeReadable(records)) {
            campaignOf(message.key()).ifPresent(reads::changed);
            if (message.payload() instanceof CampaignTotalsChanged totals) {
                streams.publish(CampaignSnapshot.of(totals));
            }
        }
    }

    /** Every event on the topic is keyed by its campaign; a record that is not is no campaign's. */
    private static Optional<UUID> campaignOf(String key) {
        try {
            return Optional.of(UUID.fromString(key));
        } catch (IllegalArgumentException | NullPointerException notACampaign) {
            return Optional.empty();
        }
    }
}
