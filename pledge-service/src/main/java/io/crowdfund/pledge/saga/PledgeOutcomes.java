package io.crowdfund.pledge.saga;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.crowdfund.pledge.PledgeProperties;

/**
 * Requests waiting (Prefer: wait) for pledges to become final. Completed after the commit that
 * makes a pledge final on this replica, or by the pledge events every replica hears; a waiter parks
 * its virtual thread, holding no connection.
 */
@Component
public class PledgeOutcomes {

    private final Map<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final int capacity;

    PledgeOutcomes(PledgeProperties properties) {
        this.capacity = properties.maxWaiters();
    }

    /** Whether as many requests wait as this replica lets wait (then a request is answered without waiting). */
    boolean full() {
        return waiting.size() >= capacity;
    }

    /** Completes when the pledge is final (the caller bounds the wait and reads the pledge afterwards). */
    CompletableFuture<Void> whenFinal(UUID pledgeId) {
        CompletableFuture<Void> future = waiting.computeIfAbsent(pledgeId, id -> new CompletableFuture<>());
        future.whenComplete((done, error) -> waiting.remove(pledgeId, future));
        return future;
    }

    /** The pledge is final: wake whoever waits for it. */
    public void finished(UUID pledgeId) {
        CompletableFuture<Void> future = waiting.remove(pledgeId);
        if (future != null) {
            future.complete(null);
        }
    }

    /** Stops waiting for a pledge (the wait timed out). */
    void forget(UUID pledgeId, CompletableFuture<Void> future) {
        waiting.remove(pledgeId, future);
    }
}
