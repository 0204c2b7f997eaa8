package io.crowdfund.web;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Velocity limits a service declares, under {@code crowdfund.velocity}: each named limit allows
 * {@code capacity} per {@code period} per key (a user, a client address), refilled evenly.
 *
 * @param limits the limits by name, as the service's code asks for them
 * @param cleanupInterval how often buckets that have refilled completely are deleted
 */
@ConfigurationProperties("crowdfund.velocity")
public record VelocityProperties(Map<String, Limit> limits, @DefaultValue("10m") Duration cleanupInterval) {

    public VelocityProperties {
        limits = limits == null ? Map.of() : Map.copyOf(limits);
    }

    /**
     * @param capacity how much a key may use within the period: a count, or for an amount limit whole currency units; 0 turns the limit off
     * @param period the time in which the capacity refills completely
     */
    public record Limit(long capacity, Duration period) {

        public Limit {
            if (capacity < 0 || period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("A velocity limit needs a capacity >= 0 and a period > 0, not " + capacity + " per " + period);
            }
        }

        boolean off() {
            return capacity == 0;
        }
    }
}
