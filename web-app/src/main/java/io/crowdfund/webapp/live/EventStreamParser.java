package io.crowdfund.webapp.live;

import java.util.Optional;

/**
 * Reads a Server-Sent Events stream line by line (the WHATWG rules the hub needs): {@code event:} names
 * the event, {@code data:} lines are joined with a newline, a comment ({@code :...}) and {@code id:} or
 * {@code retry:} are skipped, and an empty line dispatches the event, if it has data. One space after the
 * colon is dropped; a line without a colon is a field with an empty value.
 */
final class EventStreamParser {

    /** One event: its name ({@code message} when it named none) and its data. */
    record Event(String name, String data) {
    }

    private String name;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** Takes the next line (without its line ending); the event it completes, if it completes one. */
    Optional<Event> line(String line) {
        if (line.isEmpty()) {
            Optional<Event> event = hasData ? Optional.of(new Event(name == null ? "message" : name, data.toString())) : Optional.empty();
            name = null;
            data.setLength(0);
            hasData = false;
            return event;
        }
        if (line.charAt(0) == ':') {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            default -> {
                // id, retry and unknown fields: the hub numbers and paces its own events
            }
        }
        return Optional.empty();
    }
}
