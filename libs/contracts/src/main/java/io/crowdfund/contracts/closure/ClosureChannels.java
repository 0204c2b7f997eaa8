package io.crowdfund.contracts.closure;

/** Topics of closure-service. */
public final class ClosureChannels {

    /** Facts from closure-service (campaign due, settlement progress), keyed by campaign. */
    public static final String EVENTS = "closure.events";

    private ClosureChannels() {
    }
}
