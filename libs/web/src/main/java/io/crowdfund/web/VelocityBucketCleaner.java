package io.crowdfund.web;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;

/**
 * Deletes buckets that have refilled completely, a batch at a time, so the table holds only the keys
 * that used a limit lately. Replicas clean side by side: the delete skips rows another one holds.
 */
final class VelocityBucketCleaner implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(VelocityBucketCleaner.class);
    private static final int BATCH = 1000;

    private final ExpiredEntriesCleaner buckets;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("velocity-cleaner").daemon().factory());

    VelocityBucketCleaner(ExpiredEntriesCleaner buckets, Duration interval) {
        this.buckets = buckets;
        this.interval = interval;
    }

    @Override
    public void afterPropertiesSet() {
        scheduler.scheduleWithFixedDelay(this::clean, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes expired buckets until none is left; returns how many went. */
    int clean() {
        int removed = 0;
        try {
            int batch;
            do {
                batch = buckets.removeExpired(BATCH);
                removed += batch;
            } while (batch == BATCH);
        } catch (RuntimeException e) {
            log.warn("Expired velocity buckets could not be deleted; tried again in {}: {}", interval, e.getMessage());
        }
        return removed;
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
