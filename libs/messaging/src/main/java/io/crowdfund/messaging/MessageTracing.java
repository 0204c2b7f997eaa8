package io.crowdfund.messaging;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * Carries a flow's trace across Kafka: what the outbox records without an inbound cause (an HTTP
 * request, say) takes the current span's W3C {@code traceparent}; each consumed message gets a
 * consumer span, child of the producer's context in its header, and whatever the message causes
 * is recorded as a child of that span. So one pledge is one trace through every service, and the
 * logs written while a message is handled carry its trace id.
 */
public final class MessageTracing {

    /** No tracer on the classpath or none configured: messages carry no trace context. */
    public static final MessageTracing NONE = new MessageTracing(Tracer.NOOP, Propagator.NOOP);

    private static final Propagator.Getter<Map<String, String>> FROM_MAP = Map::get;

    private final Tracer tracer;
    private final Propagator propagator;

    public MessageTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current span's {@code traceparent}, or null outside any span. */
    public String currentTraceParent() {
        Span span = tracer.currentSpan();
        return span == null ? null : traceParentOf(span.context());
    }

    /** Starts the consumer span of a record's message, child of the context the record carries (a new trace without one). */
    Span startConsumer(String consumer, ConsumerRecord<?, ?> record, InboundMessage<?> message) {
        Map<String, String> carrier = new HashMap<>(2);
        if (message.traceParent() != null) {
            carrier.put(MessageHeaders.TRACE_PARENT, message.traceParent());
        }
        return propagator.extract(carrier, FROM_MAP)
                .kind(Span.Kind.CONSUMER)
                .name("process " + message.type())
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", record.topic())
                .tag("messaging.consumer.group.name", consumer)
                .tag("messaging.message.id", message.id().toString())
                .tag("messaging.kafka.offset", Long.toString(record.offset()))
                .start();
    }

    /** The message as seen inside its consumer span: what it causes is recorded as a child of that span. */
    InboundMessage<?> within(Span span, InboundMessage<?> message) {
        String traceParent = traceParentOf(span.context());
        return traceParent == null ? message : message.withTraceParent(traceParent);
    }

    /** Runs the work with the span current (its trace id in the logging MDC). */
    void inScope(Span span, Runnable work) {
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            work.run();
        }
    }

    private String traceParentOf(TraceContext context) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(context, carrier, Map::put);
        return carrier.get(MessageHeaders.TRACE_PARENT);
    }
}
