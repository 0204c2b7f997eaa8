package io.crowdfund.webapp.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.crowdfund.webapp.WebAppProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The live streams of {@code /api/campaigns/{id}/stream}, served by this web-app: one upstream stream per
 * watched campaign to campaign-service, its events fanned out to every watcher here. Each event is
 * encoded once for all watchers; each watcher drains on its own virtual thread and keeps only the latest
 * event while it is behind, so a slow client delays no one and never receives stale totals after fresh
 * ones. A watcher who joins gets the latest totals at once. When the upstream is lost, the watchers keep
 * their streams and the hub connects again (the first event of the new upstream is the current totals);
 * when the last watcher of a campaign leaves, its upstream is closed. Streams are bounded in all and per
 * client address (the person's, as this server resolves it from TRUSTED_PROXIES).
 */
@Component
public class CampaignStreamHub implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CampaignStreamHub.class);

    /** How long a watcher waits for a new upstream's answer before it is told the service is unreachable. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(10);

    /** The stream, or the problem campaign-service answers instead (an unknown campaign). */
    private static final String ACCEPT = MediaType.TEXT_EVENT_STREAM_VALUE + ", " + MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private static final String CAMPAIGN_SERVICE = "campaign-service";

    private final Map<UUID, Upstream> upstreams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> openByClient = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(threads).build();
    private final WebAppProperties.Stream settings;
    private final LoadBalancerClient replicas;

    /** {@code replicas}: campaign-service's replicas, of which each upstream (and each reconnection) takes the one the balancer chooses. */
    CampaignStreamHub(WebAppProperties properties, LoadBalancerClient replicas, MeterRegistry meters) {
        this.settings = properties.stream();
        this.replicas = replicas;
        Gauge.builder("webapp.streams.watchers", open, AtomicInteger::get).description("Open live streams of this web-app's clients")
                .register(meters);
        Gauge.builder("webapp.streams.upstreams", upstreams, Map::size)
                .description("Live streams this web-app holds to campaign-service (one per watched campaign)").register(meters);
        long heartbeat = settings.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    }

    /** What opening a stream came to: the stream, or an answer to give instead (a refusal, or the service's own). */
    sealed interface Opened {
    }

    record Streaming(SseEmitter emitter) implements Opened {
    }

    /** Not streamed: the status, and a body of the content type with the headers (Retry-After) to answer with. */
    record Refused(int status, String contentType, String body, Map<String, String> headers) implements Opened {
    }

    /**
     * Opens a stream of the campaign for the client (its address); refused before anything else when this
     * web-app or the client has as many open as allowed.
     */
    Opened open(UUID campaignId, String client) {
        Refused refused = admit(campaignId, client);
        if (refused != null) {
            return refused;
        }
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        Watcher watcher = new Watcher(client, emitter);
        Upstream upstream = upstreams.compute(campaignId, (id, existing) -> {
            Upstream joined = existing != null ? existing : new Upstream(id);
            watcher.upstream = joined;
            joined.watchers.add(watcher);
            if (existing == null) {
                joined.start();
            }
            return joined;
        });
        Refused failed = upstream.awaitConnected();
        if (failed != null) {
            leave(watcher);
            return failed;
        }
        emitter.onCompletion(() -> leave(watcher));
        emitter.onTimeout(() -> leave(watcher));
        emitter.onError(error -> leave(watcher));
        Frame latest = upstream.latest.get();
        if (latest != null) {
            watcher.offer(latest);
        }
        return new Streaming(emitter);
    }

    private Refused admit(UUID campaignId, String client) {
        if (openByClient.merge(client, 1, Integer::sum) > settings.maxPerClient()) {
            releaseClient(client);
            return LiveProblems.tooManyFromClient(path(campaignId), settings.maxPerClient(), settings.retryAfter());
        }
        if (open.incrementAndGet() > settings.maxOpen()) {
            open.decrementAndGet();
            releaseClient(client);
            return LiveProblems.tooManyHere(path(campaignId), settings.retryAfter());
        }
        return null;
    }

    /** The stream's path as the client asked for it, the instance of a problem about it. */
    static String path(UUID campaignId) {
        return "/api/campaigns/" + campaignId + "/stream";
    }

    private void releaseClient(String client) {
        openByClient.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
    }

    /** The watcher is gone: counted out once, and its campaign's upstream closed if it was the last. */
    private void leave(Watcher watcher) {
        if (!watcher.left.compareAndSet(false, true)) {
            return;
        }
        open.decrementAndGet();
        releaseClient(watcher.client);
        Upstream upstream = watcher.upstream;
        upstreams.computeIfPresent(upstream.campaignId, (id, current) -> {
            if (current != upstream) {
                return current;
            }
            current.watchers.remove(watcher);
            if (current.watchers.isEmpty()) {
                current.stop();
                return null;
            }
            return current;
        });
        upstream.watchers.remove(watcher);
    }

    private void heartbeat() {
        upstreams.values().forEach(upstream -> upstream.watchers.forEach(Watcher::heartbeat));
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        upstreams.values().forEach(upstream -> {
            upstream.stop();
            upstream.watchers.forEach(watcher -> watcher.emitter.complete());
        });
        threads.shutdownNow();
        http.shutdownNow();
    }

    /** An event as every watcher of a campaign is sent it, encoded once; {@code closed} ends the streams. */
    private record Frame(long sequence, boolean closed, Set<DataWithMediaType> encoded) {

        static Frame of(long sequence, EventStreamParser.Event event) {
            return new Frame(sequence, "closed".equals(event.name()), SseEmitter.event().id(Long.toString(sequence)).name(event.name())
                    .data(event.data(), MediaType.APPLICATION_JSON).build());
        }
    }

    /** One campaign's stream from campaign-service, read on a virtual thread while anyone here watches it. */

    /** A base URL of campaign-service: the replica the load balancer chooses (a healthy one, with health checks on). */
    private String campaignService() throws IOException {
        ServiceInstance replica = replicas.choose(CAMPAIGN_SERVICE);
        if (replica == null) {
            throw new IOException("No replica of " + CAMPAIGN_SERVICE + " is available");
        }
        return replica.getUri().toString().replaceFirst("/$", "");
    }

    private final class Upstream {
        final UUID campaignId;
        final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
        final AtomicReference<Frame> latest = new AtomicReference<>();
        final AtomicLong sequence = new AtomicLong();
        /** The first connection's outcome: null when it streams, else what its watchers are answered. */
        final CompletableFuture<Refused> connected = new CompletableFuture<>();
        volatile boolean stopped;
        volatile InputStream body;
        volatile Thread reader;

        Upstream(UUID campaignId) {
            this.campaignId = campaignId;
        }

        void start() {
            reader = Thread.ofVirtual().name("live-upstream-" + campaignId).start(this::run);
        }

        Refused awaitConnected() {
            try {
                return connected.get(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return LiveProblems.unreachable(path(campaignId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return LiveProblems.unreachable(path(campaignId));
            }
        }

        void stop() {
            stopped = true;
            close(body);
            Thread running = reader;
            if (running != null) {
                running.interrupt();
            }
        }

        private void run() {
            boolean first = true;
            while (!stopped) {
                try {
                    HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(campaignService() + "/campaigns/" + campaignId
                            + "/stream")).header("Accept", ACCEPT).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    body = response.body();
                    if (stopped) {
                        close(response.body());
                        return;
                    }
                    if (response.statusCode() != 200) {
                        String answer = new String(response.body().readNBytes(16 * 1024), StandardCharsets.UTF_8);
                        close(response.body());
                        if (first) {
                            end(new Refused(response.statusCode(), response.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_PROBLEM_JSON_VALUE),
                                    answer, response.headers().firstValue("Retry-After").map(after -> Map.of("Retry-After", after)).orElse(Map.of())));
                            return;
                        }
                        if (response.statusCode() == 404) {
                            log.info("Campaign {} is gone; its {} live streams end", campaignId, watchers.size());
                            end(null);
                            return;
                        }
                        log.warn("campaign-service refused the live stream of campaign {} again: {}", campaignId, response.statusCode());
                    } else {
                        first = false;
                        connected.complete(null);
                        if (read(response.body())) {
                            end(null);
                            return;
                        }
                        if (!stopped) {
                            log.info("The live stream of campaign {} from campaign-service ended; connecting again", campaignId);
                        }
                    }
                } catch (IOException lost) {
                    if (first) {
                        log.warn("campaign-service could not be reached for the live stream of campaign {}: {}", campaignId, lost.toString());
                        end(LiveProblems.unreachable(path(campaignId)));
                        return;
                    }
                    if (!stopped) {
                        log.info("The live stream of campaign {} from campaign-service was lost ({}); connecting again", campaignId, lost.toString());
                    }
                } catch (InterruptedException stopping) {
                    return;
                }
                try {
                    Thread.sleep(settings.reconnectDelay());
                } catch (InterruptedException stopping) {
                    return;
                }
            }
        }

        /** Reads events until the stream ends; whether it ended with the campaign's {@code closed} event. */
        private boolean read(InputStream stream) throws IOException {
            var parser = new EventStreamParser();
            try (var lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    var event = parser.line(line);
                    if (event.isPresent()) {
                        Frame frame = Frame.of(sequence.incrementAndGet(), event.get());
                        latest.set(frame);
                        watchers.forEach(watcher -> watcher.offer(frame));
                        if (frame.closed()) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        /**
         * No more streaming: the upstream leaves the hub; waiting watchers get {@code refused} (null: they stream
         * to their end), and open streams that got no closing event are completed.
         */
        private void end(Refused refused) {
            stopped = true;
            upstreams.remove(campaignId, this);
            connected.complete(refused);
            if (refused == null) {
                Frame last = latest.get();
                if (last == null || !last.closed()) {
                    watchers.forEach(watcher -> watcher.emitter.complete());
                }
            }
        }
    }

    private static void close(InputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing a stream that is gone already
            }
        }
    }

    private final class Watcher {
        final String client;
        final SseEmitter emitter;
        final AtomicReference<Frame> pending = new AtomicReference<>();
        final AtomicBoolean draining = new AtomicBoolean();
        final AtomicBoolean left = new AtomicBoolean();
        volatile long sent;
        volatile Upstream upstream;

        Watcher(String client, SseEmitter emitter) {
            this.client = client;
            this.emitter = emitter;
        }

        /** Keeps the frame if it is newer than what waits to be sent, and starts draining. */
        void offer(Frame frame) {
            pending.accumulateAndGet(frame, (waiting, offered) -> waiting == null || offered.sequence() > waiting.sequence() ? offered : waiting);
            if (draining.compareAndSet(false, true)) {
                threads.execute(this::drain);
            }
        }

        void drain() {
            try {
                Frame frame;
                while ((frame = pending.getAndSet(null)) != null) {
                    if (frame.sequence() <= sent) {
                        continue;
                    }
                    sent = frame.sequence();
                    emitter.send(frame.encoded());
                    if (frame.closed()) {
                        emitter.complete();
                        return;
                    }
                }
            } catch (IOException | IllegalStateException gone) {
                leave(this);
            } finally {
                draining.set(false);
            }
            if (pending.get() != null && draining.compareAndSet(false, true)) {
                threads.execute(this::drain);
            }
        }

        void heartbeat() {
            threads.execute(() -> {
                try {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } catch (IOException | IllegalStateException gone) {
                    leave(this);
                }
            });
        }
    }
}
