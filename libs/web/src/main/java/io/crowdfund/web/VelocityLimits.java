package io.crowdfund.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * Velocity limits shared by every replica of a service: token buckets kept in the service's
 * PostgreSQL database (Bucket4j), one per limit and key. A request takes from its buckets before it
 * writes anything; an empty bucket refuses it with {@link TooManyRequests} (429, Retry-After).
 * A bucket's id carries its limit's settings, so changed settings start fresh buckets.
 */
public class VelocityLimits {

    /** Amount limits count in minor units: the platform's money has two decimal places. */
    private static final int MONEY_SCALE = 2;

    private final ProxyManager<String> buckets;
    private final Map<String, VelocityProperties.Limit> limits;

    public VelocityLimits(ProxyManager<String> buckets, VelocityProperties properties) {
        this.buckets = buckets;
        this.limits = properties.limits();
    }

    /**
     * Bucket4j's buckets in the database's {@code velocity.buckets} table (the kit migrates it), each
     * locked with SELECT ... FOR UPDATE while a request takes from it. Every replica, and every proxy
     * made here, on the same database shares them.
     */
    public static PostgreSQLSelectForUpdateBasedProxyManager<String> bucketsIn(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(VelocitySchema.BUCKETS)
                // a bucket that has refilled completely says nothing a new one would not: it may go
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /** Takes one from the key's bucket of the limit, or throws {@link TooManyRequests}. */
    public void take(String limit, Object key) {
        take(limit, key, 1, 1);
    }

    /** Takes the amount (at most two decimal places) from the key's bucket of an amount limit, or throws {@link TooManyRequests}. */
    public void takeAmount(String limit, Object key, BigDecimal amount) {
        long scale = BigDecimal.ONE.movePointRight(MONEY_SCALE).longValueExact();
        take(limit, key, amount.setScale(MONEY_SCALE, RoundingMode.UP).movePointRight(MONEY_SCALE).longValueExact(), scale);
    }

    /** Gives back what {@link #take(String, Object)} took, when a later limit of the same request refused it. */
    public void giveBack(String limit, Object key) {
        if (!limit(limit).off()) {
            bucket(limit, key, 1).addTokens(1);
        }
    }

    private void take(String limit, Object key, long tokens, long unit) {
        if (limit(limit).off()) {
            return;
        }
        BucketProxy bucket = bucket(limit, key, unit);
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
        if (!probe.isConsumed()) {
            long nanos = probe.getNanosToWaitForRefill();
            // more than the capacity can never pass: come back after a whole period
            Duration wait = nanos == Long.MAX_VALUE ? limit(limit).period() : Duration.ofNanos(nanos);
            throw new TooManyRequests(limit, wait);
        }
    }

    private BucketProxy bucket(String limit, Object key, long unit) {
        VelocityProperties.Limit settings = limit(limit);
        long capacity = Math.multiplyExact(settings.capacity(), unit);
        String id = limit + "@" + settings.capacity() + "/" + settings.period() + ":" + key;
        return buckets.getProxy(id, () -> BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(capacity).refillGreedy(capacity, settings.period()))
                .build());
    }

    private VelocityProperties.Limit limit(String name) {
        VelocityProperties.Limit limit = limits.get(name);
        if (limit == null) {
            throw new IllegalArgumentException("No velocity limit '" + name + "' is configured under crowdfund.velocity.limits");
        }
        return limit;
    }
}
