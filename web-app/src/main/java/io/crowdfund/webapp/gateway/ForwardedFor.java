package io.crowdfund.webapp.gateway;

import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Every request the gateway passes to a service says whom it is for: {@code X-Forwarded-For} is the
 * client's address alone, as this server determined it (the connection's peer, or what a trusted
 * proxy in front of it forwarded: TRUSTED_PROXIES). Whatever the client sent in that header itself is
 * not passed on, so a service that trusts this gateway keys its per-address limits (failed logins,
 * registrations, streams) on the person, and a client cannot name an address of its choosing. The
 * gateway's own X-Forwarded handling is off (it has no trusted proxies): it removes such headers
 * first, and this runs last.
 */
@Component
class ForwardedFor implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

    static final String HEADER = "X-Forwarded-For";

    @Override
    public HttpHeaders apply(HttpHeaders headers, ServerRequest request) {
        HttpHeaders forwarded = HttpHeaders.copyOf(headers);
        forwarded.set(HEADER, request.servletRequest().getRemoteAddr());
        return forwarded;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
