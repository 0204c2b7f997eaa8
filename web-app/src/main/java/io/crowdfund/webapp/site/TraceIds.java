package io.crowdfund.webapp.site;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

/** The current request's trace id: error pages show it, so a report leads to the logs of every service it touched. */
@Component
class TraceIds {

    private final ObjectProvider<Tracer> tracer;

    TraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    String current() {
        Tracer available = tracer.getIfAvailable();
        Span span = available == null ? null : available.currentSpan();
        return span == null ? null : span.context().traceId();
    }
}
