package io.crowdfund.messaging;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The inbound message being handled on this thread, so that messages recorded while handling it
 * carry its correlation id, its id as causation id and its trace context.
 */
public final class MessageContext {

    private static final ThreadLocal<InboundMessage<?>> CURRENT = new ThreadLocal<>();

    private MessageContext() {
    }

    /** Runs the work with the message as the cause of whatever it sends. */
    public static <R> R causedBy(InboundMessage<?> cause, Supplier<R> work) {
        InboundMessage<?> previous = CURRENT.get();
        CURRENT.set(cause);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Runs the work with the message as the cause of whatever it sends. */
    public static void causedBy(InboundMessage<?> cause, Runnable work) {
        causedBy(cause, () -> {
            work.run();
            return null;
        });
    }

    static Optional<InboundMessage<?>> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
