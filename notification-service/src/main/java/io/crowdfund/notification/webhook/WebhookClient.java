package io.crowdfund.notification.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import io.crowdfund.notification.webhook.TargetPolicy.Target;

/**
 * Posts deliveries with Apache HttpClient to the address {@link TargetPolicy} checked: the request
 * names that address as its target, so the client connects there and never looks the name up again
 * (its DNS resolver refuses every name, should anything ask it), while the Host header, TLS's server
 * name and the certificate check use the URL's host. No redirects, retries (the schedule retries),
 * cookies or proxies; each attempt has {@code timeout} from the first connection attempt to the end
 * of the answer.
 */
final class WebhookClient implements AutoCloseable {

    private final CloseableHttpClient http;
    private final Duration timeout;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());

    WebhookClient(Duration timeout, int connections, SSLContext tls) {
        this.timeout = timeout;
        Timeout limit = Timeout.of(timeout);
        var connectionsManager = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(NO_LOOKUPS)
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1)).setTimeToLive(TimeValue.ofMinutes(5)).build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connectionsManager)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(limit).setResponseTimeout(limit).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
    }

    /**
     * Posts the body with the headers and answers the receiver's status.
     *
     * @throws InterruptedIOException when no complete answer came within the timeout
     */
    int post(Target target, Map<String, String> headers, String body) throws IOException {
        var request = new HttpPost(target.uri());
        headers.forEach(request::setHeader);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        HttpHost host = new HttpHost(target.uri().getScheme(), target.address(), hostName(target), target.uri().getPort());
        var deadline = deadlines.schedule(request::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return http.execute(host, request, response -> response.getCode());
        } catch (IOException e) {
            if (request.isCancelled() || e instanceof InterruptedIOException) {
                var late = new InterruptedIOException("no answer within " + timeout.toMillis() + " ms");
                late.initCause(e);
                throw late;
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /** The URL's host without an IPv6 literal's brackets. */
    private static String hostName(Target target) {
        String host = target.uri().getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        http.close(CloseMode.GRACEFUL);
    }

    /** Every connection goes to an address given with its request: a name reaching the resolver is a mistake. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {

        @Override
        public java.net.InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException(host + " was not resolved: webhook deliveries connect only to checked addresses");
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            throw new UnknownHostException(host + " was not resolved: webhook deliveries connect only to checked addresses");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host + " was not resolved: webhook deliveries connect only to checked addresses");
        }
    };
}
