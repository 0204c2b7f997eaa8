package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.crowdfund.testsupport.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The dead-letter counter of every consumed topic is there at 0 as soon as the service runs, so the
 * alert's {@code increase()} sees a pod's first dead letter (a series born at 1 shows none).
 */
@IntegrationTest
@TestPropertySource(properties = {"crowdfund.test.database=messaging_counters", "test.topic=" + DeadLetterCountersIntegrationTests.TOPIC})
class DeadLetterCountersIntegrationTests {

    static final String TOPIC = "kit.counted";

    @Autowired
    MeterRegistry meters;

    @Test
    void registersTheDeadLetterCounterOfEachConsumedTopicAtZeroOnStart() {
        var counter = meters.find(DeadLetters.COUNTER).tag("topic", TOPIC).counter();

        assertThat(counter).as("registered before any dead letter").isNotNull();
        assertThat(counter.count()).isZero();
        assertThat(meters.find(DeadLetters.COUNTER).counters()).as("one series per consumed topic, no dead-letter topic among them")
                .extracting(c -> c.getId().getTag("topic")).containsExactly(TOPIC);
    }
}
