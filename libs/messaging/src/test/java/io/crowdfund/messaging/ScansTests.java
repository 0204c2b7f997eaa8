package io.crowdfund.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

class ScansTests {

    private final TransactionOperations transactions = TransactionOperations.withoutTransaction();

    @Test
    void runsBatchesUntilOneFindsNothingMore() {
        AtomicInteger batches = new AtomicInteger();
        Scans.drain(transactions, status -> batches.incrementAndGet() < 3, LoggerFactory.getLogger(ScansTests.class), "Test scan");
        assertThat(batches).hasValue(3);
    }

    @Test
    void endsThePassWithoutThrowingWhenTheDatabaseFails() {
        AtomicInteger batches = new AtomicInteger();
        Scans.drain(transactions, status -> {
            if (batches.incrementAndGet() == 2) {
                throw new QueryTimeoutException("statement timeout");
            }
            return true;
        }, LoggerFactory.getLogger(ScansTests.class), "Test scan");
        assertThat(batches).hasValue(2);
        TransactionOperations unreachable = new TransactionOperations() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                throw new CannotCreateTransactionException("connection refused");
            }
        };
        Scans.drain(unreachable, status -> true, LoggerFactory.getLogger(ScansTests.class), "Test scan");
    }
}
