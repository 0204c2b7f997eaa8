package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.crowdfund.messaging.testcontracts.TestEvent;

class MessageCodecTests {

    private final MessageCodec codec = new MessageCodec(new MessageTypes().register(TestEvent.class));

    @Test
    void roundTripsAMessageWithExactDecimalsAndItsEnvelope() {
        UUID id = UUID.randomUUID();
        UUID correlation = UUID.randomUUID();
        var record = record(codec.encode(TestEvent.number(7)), id.toString(), "TestEvent");
        record.headers().add(MessageHeaders.CORRELATION_ID, correlation.toString().getBytes(StandardCharsets.UTF_8));

        InboundMessage<?> message = codec.decode(record);

        assertThat(message.payload()).isEqualTo(TestEvent.number(7));
        assertThat(message.payloadAs(TestEvent.class).amount()).isEqualByComparingTo("10.25").hasScaleOf(2);
        assertThat(message.id()).isEqualTo(id);
        assertThat(message.correlationId()).isEqualTo(correlation);
        assertThat(message.key()).isEqualTo("key");
    }

    @Test
    void takesTheMessageIdAsCorrelationIdWhenTheFlowStartsHere() {
        UUID id = UUID.randomUUID();
        assertThat(codec.decode(record("{\"sequence\":1,\"amount\":1}", id.toString(), "TestEvent")).correlationId()).isEqualTo(id);
    }

    @Test
    void refusesRecordsThatCanNeverBeApplied() {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> codec.decode(record("{}", id, "NoSuchEvent"))).isInstanceOf(MessageDecodingException.class)
                .hasMessageContaining("unknown type NoSuchEvent");
        assertThatThrownBy(() -> codec.decode(record("{", id, "TestEvent"))).isInstanceOf(MessageDecodingException.class);
        assertThatThrownBy(() -> codec.decode(record("{}", null, "TestEvent"))).isInstanceOf(MessageDecodingException.class);
        assertThatThrownBy(() -> codec.decode(record("{}", "not-a-uuid", "TestEvent"))).isInstanceOf(MessageDecodingException.class);
    }

    @Test
    void refusesTwoContractsWithOneWireName() {
        record Clash() {
        }
        var types = new MessageTypes().register(Clash.class);
        assertThatThrownBy(() -> types.register(OtherClash.Clash.class)).hasMessageContaining("used by both");
    }

    static final class OtherClash {
        record Clash() {
        }
    }

    private static ConsumerRecord<String, byte[]> record(String json, String id, String type) {
        var record = new ConsumerRecord<>("topic", 0, 0L, "key", json.getBytes(StandardCharsets.UTF_8));
        if (id != null) {
            record.headers().add(MessageHeaders.MESSAGE_ID, id.getBytes(StandardCharsets.UTF_8));
        }
        record.headers().add(MessageHeaders.MESSAGE_TYPE, type.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
