package io.crowdfund.web;

import jakarta.servlet.ServletRequest;

/** The replica's limit on requests handled at once ({@code MAX_CONCURRENT_REQUESTS}), as a handler sees it. */
public final class ConcurrencyLimit {

    static final String LEAVE = ConcurrencyLimit.class.getName() + ".leave";

    private ConcurrencyLimit() {
    }

    /**
     * The request stops counting against the limit: for one about to wait parked on its virtual
     * thread, holding no connection (a {@code Prefer: wait}), bounded by a limit of its own. Once per
     * request; later calls, and calls for a request the limit never counted, do nothing.
     */
    public static void leave(ServletRequest request) {
        if (request.getAttribute(LEAVE) instanceof Runnable leave) {
            leave.run();
        }
    }
}
