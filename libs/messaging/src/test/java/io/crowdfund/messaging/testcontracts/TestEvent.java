package io.crowdfund.messaging.testcontracts;

import java.math.BigDecimal;

/**
 * A message of the kit's tests; {@code explode} makes its handler fail every time, and a
 * {@code forwardTo} topic makes it record the next event there, caused by this one.
 */
public record TestEvent(int sequence, BigDecimal amount, boolean explode, String forwardTo) {

    public static TestEvent number(int sequence) {
        return new TestEvent(sequence, new BigDecimal("10.25"), false, null);
    }

    public static TestEvent poison(int sequence) {
        return new TestEvent(sequence, BigDecimal.ONE, true, null);
    }

    public static TestEvent forwarded(int sequence, String topic) {
        return new TestEvent(sequence, new BigDecimal("10.25"), false, topic);
    }
}
