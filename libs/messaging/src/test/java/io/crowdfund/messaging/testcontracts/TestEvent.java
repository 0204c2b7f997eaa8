package io.crowdfund.messaging.testcontracts;

import java.math.BigDecimal;

/** A message of the kit's tests; {@code explode} makes its handler fail every time. */
public record TestEvent(int sequence, BigDecimal amount, boolean explode) {

    public static TestEvent number(int sequence) {
        return new TestEvent(sequence, new BigDecimal("10.25"), false);
    }

    public static TestEvent poison(int sequence) {
        return new TestEvent(sequence, BigDecimal.ONE, true);
    }
}
