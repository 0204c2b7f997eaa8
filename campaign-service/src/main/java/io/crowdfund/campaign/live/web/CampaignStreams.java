package io.crowdfund.campaign.live.web;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.crowdfund.campaign.CampaignProperties;
import io.crowdfund.campaign.live.CampaignSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open live streams of this replica, by campaign. Every replica hears every totals event, so a
 * watcher sees changes whichever replica applied them. Each watcher drains on its own virtual
 * thread and keeps only the latest snapshot while it is behind, so a slow client never delays the
 * others and never receives stale totals after fresh ones. A snapshot is written as JSON once, for
 * all its watchers, and a watcher gets at most one every {@code min-interval}: during a rush a
 * thousand watchers of a campaign cost a thousand writes per interval, not per batch of pledges,
 * and each still ends on the latest totals. Open streams are bounded per replica and per client
 * address; a stream counts from before its first snapshot is read until it ends. A stream a trusted
 * proxy opens for itself (web-app's hub: one per watched campaign, fanned out to its watchers, who it
 * bounds per address) counts toward the replica's bound only.
 */
@Component
public class CampaignStreams implements DisposableBean, SchedulingConfigurer {

    /** The client of every stream a trusted proxy opened for itself: not an address, never counted per client. */
    private static final String PROXIES = new String("trusted proxies");

    private final Map<UUID, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> openByClient = new ConcurrentHashMap<>();
    private final long timeoutMillis;
    private final CampaignProperties.Stream settings;
    private final JsonMapper json;

    CampaignStreams(CampaignProperties properties, JsonMapper json, MeterRegistry meters) {
        this.settings = properties.stream();
        this.timeoutMillis = settings.timeout().toMillis();
        this.json = json;
        Gauge.builder("campaign.streams.open", this, streams -> streams.watchers.values().stream().mapToInt(Set::size).sum())
                .description("Open live totals streams on this replica").register(meters);
    }

    /**
     * Opens a stream for the client (its address) that starts with the snapshot {@code first} reads;
     * refused with {@link TooManyStreams} before anything is read when the replica or the client has
     * as many open as allowed. A {@code proxy}'s own stream is not counted per client.
     */
    public SseEmitter open(UUID campaignId, String client, boolean proxy, Supplier<CampaignSnapshot> first) {
        if (proxy) {
            client = PROXIES;
        }
        admit(client);
        CampaignSnapshot snapshot;
        try {
            snapshot = first.get();
        } catch (RuntimeException notOpened) {
            release(client);
            throw notOpened;
        }
        SseEmitter emitter = new SseEmitter(timeoutMillis);
        Watcher watcher = new Watcher(campaignId, client, emitter);
        emitter.onCompletion(() -> remove(watcher));
        emitter.onTimeout(() -> remove(watcher));
        emitter.onError(error -> remove(watcher));
        watchers.computeIfAbsent(campaignId, id -> ConcurrentHashMap.newKeySet()).add(watcher);
        watcher.offer(Frame.of(snapshot, json));
        return emitter;
    }

    private void admit(String client) {
        if (client != PROXIES && openByClient.merge(client, 1, Integer::sum) > settings.maxPerClient()) {
            releaseClient(client);
            throw TooManyStreams.fromClient(settings.maxPerClient(), settings.retryAfter());
        }
        if (open.incrementAndGet() > settings.maxOpen()) {
            release(client);
            throw TooManyStreams.onReplica(settings.retryAfter());
        }
    }

    private void release(String client) {
        open.decrementAndGet();
        releaseClient(client);
    }

    private void releaseClient(String client) {
        if (client == PROXIES) {
            return;
        }
        openByClient.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
    }

    /** Sends the snapshot to the campaign's watchers; a closed campaign's streams end after it. */
    public void publish(CampaignSnapshot snapshot) {
        Set<Watcher> forCampaign = watchers.get(snapshot.campaignId());
        if (forCampaign != null && !forCampaign.isEmpty()) {
            Frame frame = Frame.of(snapshot, json);
            forCampaign.forEach(watcher -> watcher.offer(frame));
        }
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::heartbeat, settings.heartbeat());
    }

    void heartbeat() {
        watchers.values().forEach(set -> set.forEach(Watcher::heartbeat));
    }

    @Override
    public void destroy() {
        watchers.values().forEach(set -> set.forEach(watcher -> watcher.emitter.complete()));
        senders.shutdown();
    }

    private void remove(Watcher watcher) {
        if (watcher.removed.compareAndSet(false, true)) {
            release(watcher.client);
        }
        watchers.computeIfPresent(watcher.campaignId, (id, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    /** A snapshot as every watcher is sent it: whether it ends the stream, and its JSON, written once. */
    private record Frame(boolean closed, String data) {

        static Frame of(CampaignSnapshot snapshot, JsonMapper json) {
            return new Frame(!"ACTIVE".equals(snapshot.status()), json.writeValueAsString(snapshot));
        }
    }

    private final class Watcher {
        final UUID campaignId;
        final String client;
        final SseEmitter emitter;
        final AtomicReference<Frame> latest = new AtomicReference<>();
        final AtomicBoolean draining = new AtomicBoolean();
        final AtomicBoolean removed = new AtomicBoolean();

        Watcher(UUID campaignId, String client, SseEmitter emitter) {
            this.campaignId = campaignId;
            this.client = client;
            this.emitter = emitter;
        }

        void offer(Frame frame) {
            latest.set(frame);
            if (draining.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        void drain() {
            try {
                Frame frame;
                while ((frame = latest.getAndSet(null)) != null) {
                    emitter.send(SseEmitter.event().id(Long.toString(sequence.incrementAndGet()))
                            .name(frame.closed() ? "closed" : "totals").data(frame.data(), MediaType.APPLICATION_JSON));
                    if (frame.closed()) {
                        emitter.complete();
                        return;
                    }
                    // what arrives meanwhile replaces what came before it; the latest is sent after the pause
                    Thread.sleep(settings.minInterval());
                }
            } catch (IOException | IllegalStateException gone) {
                remove(this);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            } finally {
                draining.set(false);
            }
            if (latest.get() != null && draining.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        void heartbeat() {
            senders.execute(() -> {
                try {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } catch (IOException | IllegalStateException gone) {
                    remove(this);
                }
            });
        }
    }
}
