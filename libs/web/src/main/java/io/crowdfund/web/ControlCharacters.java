package io.crowdfund.web;

/**
 * The rule for text a client sends: no C0 control character (NUL among them, which PostgreSQL
 * refuses in text), except tab, carriage return and line feed inside free text such as a
 * description. Parameters, path segments and headers are single-line: no control character at all
 * (a header may hold a tab, which HTTP counts as white space).
 */
final class ControlCharacters {

    static final String MESSAGE = "must not contain control characters";

    private ControlCharacters() {
    }

    /** Whether free text (a JSON string) holds a control character other than tab, CR or LF. */
    static boolean inFreeText(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\r' && c != '\n') {
                return true;
            }
        }
        return false;
    }

    /** Whether a single-line value holds a control character (a tab counts only if not {@code tabAllowed}). */
    static boolean inLine(CharSequence text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && !(tabAllowed && c == '\t')) {
                return true;
            }
        }
        return false;
    }
}
