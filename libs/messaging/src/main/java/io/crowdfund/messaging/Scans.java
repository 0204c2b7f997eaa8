package io.crowdfund.messaging;

import org.slf4j.Logger;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The loop of a scheduled scan: one batch per transaction until a batch answers that nothing more is
 * due now. A database that cannot be reached, or a batch that fails in it, ends the pass with a
 * warning; the next scheduled pass tries again (each batch locks its rows with {@code FOR UPDATE
 * SKIP LOCKED}, so replicas share the work).
 */
public final class Scans {

    private Scans() {
    }

    /**
     * Runs {@code batch} in transactions while it answers true.
     *
     * @param scan what the scan does, for the warning ("Closing due campaigns")
     */
    public static void drain(TransactionOperations transactions, TransactionCallback<Boolean> batch, Logger log, String scan) {
        try {
            while (Boolean.TRUE.equals(transactions.execute(batch))) {
                // until a batch finds less than it could take
            }
        } catch (DataAccessException | TransactionException e) {
            log.warn("{} failed; retried on the next scan: {}", scan, e.getMessage());
        }
    }
}
