package io.crowdfund.campaign.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import io.crowdfund.messaging.Ids;

/** A stretch goal: achieved while the campaign's funds are at or above its target, locked again below it. */
public final class Milestone {

    private final UUID id;
    private final String title;
    private final String description;
    private final BigDecimal target;
    private Instant achievedAt;
    private final boolean fresh;
    private boolean changed;

    Milestone(UUID id, String title, String description, BigDecimal target, Instant achievedAt, boolean fresh) {
        if (target.signum() <= 0) {
            throw new IllegalArgumentException("A milestone's target is positive");
        }
        this.id = id;
        this.title = title;
        this.description = description;
        this.target = target;
        this.achievedAt = achievedAt;
        this.fresh = fresh;
    }

    static Milestone create(String title, String description, BigDecimal target) {
        return new Milestone(Ids.next(), title, description, target, null, true);
    }

    /** Follows the funds; true when this change achieved it. */
    boolean follow(BigDecimal funds, Instant now) {
        boolean reached = funds.compareTo(target) >= 0;
        if (reached && achievedAt == null) {
            achievedAt = now;
            changed = true;
            return true;
        }
        if (!reached && achievedAt != null) {
            achievedAt = null;
            changed = true;
        }
        return false;
    }

    public UUID id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public BigDecimal target() {
        return target;
    }

    public boolean achieved() {
        return achievedAt != null;
    }

    public Instant achievedAt() {
        return achievedAt;
    }

    boolean fresh() {
        return fresh;
    }

    boolean changed() {
        return changed;
    }
}
