package io.crowdfund.webapp.site;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/** How the pages write money, times and durations ({@code ${@fmt.money(...)}} in templates). */
@Component("fmt")
public class Formats {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    Formats(Clock clock) {
        this.clock = clock;
    }

    /** {@code 1,234.50 USD}. */
    public String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "";
        }
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        return format.format(amount) + (currency == null ? "" : " " + currency);
    }

    /** A plain amount for a form field: {@code 1234.50}. */
    public String amount(BigDecimal amount) {
        if (amount == null) {
            return "";
        }
        return (amount.scale() <= 2 ? amount.setScale(2) : amount).toPlainString();
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** ISO-8601 for {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** {@code 3 days left}, {@code 5 hours left}, {@code 12 minutes left}, or {@code ended}. */
    public String timeLeft(Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            return "ended";
        }
        if (left.toDays() >= 2) {
            return left.toDays() + " days left";
        }
        if (left.toHours() >= 2) {
            return left.toHours() + " hours left";
        }
        long minutes = Math.max(1, left.toMinutes());
        return minutes + (minutes == 1 ? " minute left" : " minutes left");
    }

    /** {@code CONFIRMED} → {@code Confirmed}; {@code REWARD_SOLD_OUT} → {@code Reward sold out}. */
    public String words(String constant) {
        if (constant == null || constant.isEmpty()) {
            return "";
        }
        String spaced = constant.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
