package io.crowdfund.pledge.saga;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.crowdfund.pledge.PledgeProperties;

/**
 * Requests waiting (Prefer: wait) for pledges to become final. Completed with the final pledge after
 * the commit that makes it final on this replica, or without it (to be read) by the pledge events
 * every replica hears; a waiter parks its virtual thread, holding no connection.
 */
@Component
public class PledgeOutcomes {

    private final Map<UUID, CompletableFuture<Pledge>> waiting = new ConcurrentHashMap<>();
    private final int capacity;

    PledgeOutcomes(PledgeProperties properties) {
        this.capacity = properties.maxWaiters();
    }

    /** Whether as many requests wait as this replica lets wait (then a request is answered without waiting). */
    boolean full() {
        return waiting.size() >= capacity;
    }

    /**
     * Completes when the pledge is final, with the pledge as committed, or with null when another
     * replica finished it (the caller bounds the wait and reads the pledge then).
     */
    CompletableFuture<Pledge> whenFinal(UUID pledgeId) {
        CompletableFuture<Pledge> future = waiting.computeIfAbsent(pledgeId, id -> new CompletableFuture<>());
        future.whenComplete((done, error) -> waiting.remove(pledgeId, future));
        return future;
    }

    /** This replica committed the pledge's final state: wake whoever waits for it with that state. */
    void finished(Pledge pledge) {
        CompletableFuture<Pledge> future = waiting.remove(pledge.id());
        if (future != null) {
            future.complete(pledge);
        }
    }

    /** Another replica finished the pledge: wake whoever waits for it here, to read it. */
    public void finishedElsewhere(UUID pledgeId) {
        CompletableFuture<Pledge> future = waiting.remove(pledgeId);
        if (future != null) {
            future.complete(null);
        }
    }

    /** Stops waiting for a pledge (the wait timed out, or the request failed). */
    void forget(UUID pledgeId, CompletableFuture<Pledge> future) {
        waiting.remove(pledgeId, future);
    }
}
