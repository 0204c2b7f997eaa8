package io.crowdfund.campaign.live.web;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.crowdfund.campaign.CampaignProperties;
import io.crowdfund.campaign.live.CampaignSnapshot;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The open live streams of this replica, by campaign. Every replica hears every totals event, so a
 * watcher sees changes whichever replica applied them. Each watcher drains on its own virtual
 * thread and keeps only the latest snapshot while it is behind, so a slow client never delays the
 * others and never receives stale totals after fresh ones.
 */
@Component
public class CampaignStreams implements DisposableBean {

    private final Map<UUID, Set<Watcher>> watchers = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong sequence = new AtomicLong();
    private final long timeoutMillis;

    CampaignStreams(CampaignProperties properties, MeterRegistry meters) {
        this.timeoutMillis = properties.stream().timeout().toMillis();
        Gauge.builder("campaign.streams.open", this, streams -> streams.watchers.values().stream().mapToInt(Set::size).sum())
                .description("Open live totals streams on this replica").register(meters);
    }

    /** Opens a stream that starts with the given snapshot. */
    public SseEmitter open(UUID campaignId, CampaignSnapshot first) {
        SseEmitter emitter = new SseEmitter(timeoutMillis);
        Watcher watcher = new Watcher(campaignId, emitter);
        emitter.onCompletion(() -> remove(watcher));
        emitter.onTimeout(() -> remove(watcher));
        emitter.onError(error -> remove(watcher));
        watchers.computeIfAbsent(campaignId, id -> ConcurrentHashMap.newKeySet()).add(watcher);
        watcher.offer(first);
        return emitter;
    }

    /** Sends the snapshot to the campaign's watchers; a closed campaign's streams end after it. */
    public void publish(CampaignSnapshot snapshot) {
        Set<Watcher> forCampaign = watchers.get(snapshot.campaignId());
        if (forCampaign != null) {
            forCampaign.forEach(watcher -> watcher.offer(snapshot));
        }
    }

    @Scheduled(fixedDelayString = "${crowdfund.campaign.stream.heartbeat:15s}")
    void heartbeat() {
        watchers.values().forEach(set -> set.forEach(Watcher::heartbeat));
    }

    @Override
    public void destroy() {
        watchers.values().forEach(set -> set.forEach(watcher -> watcher.emitter.complete()));
        senders.shutdown();
    }

    private void remove(Watcher watcher) {
        watchers.computeIfPresent(watcher.campaignId, (id, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    private final class Watcher {
        final UUID campaignId;
        final SseEmitter emitter;
        final AtomicReference<CampaignSnapshot> latest = new AtomicReference<>();
        final AtomicBoolean draining = new AtomicBoolean();

        Watcher(UUID campaignId, SseEmitter emitter) {
            this.campaignId = campaignId;
            this.emitter = emitter;
        }

        void offer(CampaignSnapshot snapshot) {
            latest.set(snapshot);
            if (draining.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        void drain() {
            try {
                CampaignSnapshot snapshot;
                while ((snapshot = latest.getAndSet(null)) != null) {
                    boolean closed = !"ACTIVE".equals(snapshot.status());
                    emitter.send(SseEmitter.event().id(Long.toString(sequence.incrementAndGet()))
                            .name(closed ? "closed" : "totals").data(snapshot));
                    if (closed) {
                        emitter.complete();
                        return;
                    }
                }
            } catch (IOException | IllegalStateException gone) {
                remove(this);
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
