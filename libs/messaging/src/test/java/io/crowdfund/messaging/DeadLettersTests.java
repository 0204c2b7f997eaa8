package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/** Which failures get the back-off that outlasts a database restart. */
class DeadLettersTests {

    private static final MessagingProperties.Outage OUTAGE = new MessagingProperties.Outage(
            List.of("wallet.commands", "pledge.replies"), Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), Duration.ofMinutes(5));
    private static final BackOff OUTAGE_BACK_OFF = DeadLetters.outageBackOff(OUTAGE);
    private static final Set<String> TOPICS = Set.copyOf(OUTAGE.topics());

    @Test
    void aCommandThatFailedForLackOfItsDatabaseIsRetriedForMinutes() {
        var noConnection = new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLException("Connection to localhost:5432 refused", "08001", new ConnectException("Connection refused")));

        assertThat(DeadLetters.backOffFor(record("wallet.commands"), failed(noConnection), TOPICS, OUTAGE_BACK_OFF)).isSameAs(OUTAGE_BACK_OFF);
        assertThat(DeadLetters.backOffFor(record("pledge.replies"), failed(new CannotGetJdbcConnectionException("pool exhausted")), TOPICS,
                OUTAGE_BACK_OFF)).isSameAs(OUTAGE_BACK_OFF);
        assertThat(DeadLetters.backOffFor(record("wallet.commands"),
                failed(new SQLException("terminating connection due to administrator command", "57P01")), TOPICS, OUTAGE_BACK_OFF))
                .isSameAs(OUTAGE_BACK_OFF);
    }

    @Test
    void otherFailuresAndOtherTopicsKeepTheOrdinaryBoundedRetries() {
        var noConnection = new CannotGetJdbcConnectionException("pool exhausted");

        assertThat(DeadLetters.backOffFor(record("wallet.commands"), failed(new IllegalStateException("a rule")), TOPICS, OUTAGE_BACK_OFF))
                .isNull();
        assertThat(DeadLetters.backOffFor(record("wallet.commands"), failed(new DataIntegrityViolationException("constraint")), TOPICS,
                OUTAGE_BACK_OFF)).isNull();
        assertThat(DeadLetters.backOffFor(record("campaign.events"), failed(noConnection), TOPICS, OUTAGE_BACK_OFF)).isNull();
    }

    @Test
    void theOutageBackOffGrowsToItsLongestPauseAndGivesUpAfterItsTime() {
        BackOffExecution execution = OUTAGE_BACK_OFF.start();
        long total = 0;
        long longest = 0;
        int attempts = 0;
        for (long pause = execution.nextBackOff(); pause != BackOffExecution.STOP; pause = execution.nextBackOff()) {
            total += pause;
            longest = Math.max(longest, pause);
            attempts++;
        }
        assertThat(Duration.ofMillis(total)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
        assertThat(longest).isEqualTo(Duration.ofMinutes(1).toMillis());
        assertThat(attempts).isBetween(6, 15);
    }

    private static ConsumerRecord<String, byte[]> record(String topic) {
        return new ConsumerRecord<>(topic, 0, 0L, "key", new byte[0]);
    }

    /** As the error handler sees it: the listener's failure for one record, the cause inside. */
    private static BatchListenerFailedException failed(Exception cause) {
        return new BatchListenerFailedException("Could not apply", cause, record("any"));
    }
}
