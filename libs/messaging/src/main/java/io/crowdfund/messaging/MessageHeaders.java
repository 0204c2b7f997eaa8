package io.crowdfund.messaging;

/** Kafka header names every message carries. */
public final class MessageHeaders {

    /** Unique id of the message; consumers record it to apply the message once. */
    public static final String MESSAGE_ID = "message-id";

    /** Wire type name: the simple name of the message record. */
    public static final String MESSAGE_TYPE = "message-type";

    /** Id shared by every message of one business flow (e.g. one pledge's saga). */
    public static final String CORRELATION_ID = "correlation-id";

    /** Id of the message whose handling produced this one. */
    public static final String CAUSATION_ID = "causation-id";

    /** W3C trace context of the flow. */
    public static final String TRACE_PARENT = "traceparent";

    /** Where a re-driven message was read ({@code <topic>.DLT-<partition>@<offset>}); absent on a first delivery. */
    public static final String REDRIVEN_FROM = "redriven-from";

    private MessageHeaders() {
    }
}
