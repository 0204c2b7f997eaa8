package io.crowdfund.messaging;

/** A record that can never be applied: missing headers, an unknown type or unreadable JSON. Not retried. */
public class MessageDecodingException extends RuntimeException {

    MessageDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
