package io.crowdfund.loadgen;

/**
 * How one pledge ended, as the client saw it: {@code CONFIRMED}, {@code REJECTED} with the reason,
 * {@code PENDING} (not final when the client stopped waiting), or {@code FAILED} with what went wrong
 * (an HTTP error, a serialization failure the baseline gave up on).
 */
record Outcome(String status, String reason) {

    static final Outcome CONFIRMED = new Outcome("CONFIRMED", null);

    static Outcome rejected(String reason) {
        return new Outcome("REJECTED", reason);
    }

    static Outcome failed(String why) {
        return new Outcome("FAILED", why);
    }

    boolean confirmed() {
        return "CONFIRMED".equals(status);
    }

    /** The key it is counted under in a report: the status, with the reason if there is one. */
    String label() {
        return reason == null ? status : status + " " + reason;
    }
}
