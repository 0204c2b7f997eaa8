package io.crowdfund.web;

/**
 * A request field that breaks a rule only code can check (a deadline before its start, a password
 * too long for the hash); answered like any other validation error, as a 400 with {@code errors}.
 */
public class InvalidField extends RuntimeException {

    private final String field;

    public InvalidField(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
