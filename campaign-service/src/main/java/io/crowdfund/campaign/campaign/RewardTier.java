package io.crowdfund.campaign.campaign;

import java.math.BigDecimal;
import java.util.UUID;

import io.crowdfund.messaging.Ids;

/** A reward tier: a minimum amount and an optional limit on how many pledges may claim it. */
public final class RewardTier {

    private final UUID id;
    private final String title;
    private final String description;
    private final BigDecimal minimumAmount;
    private final Integer quantityAvailable;
    private int quantityClaimed;
    private final boolean fresh;
    private boolean changed;

    RewardTier(UUID id, String title, String description, BigDecimal minimumAmount, Integer quantityAvailable, int quantityClaimed,
            boolean fresh) {
        if (minimumAmount.signum() <= 0 || (quantityAvailable != null && quantityAvailable <= 0)) {
            throw new IllegalArgumentException("A tier's minimum is positive and its limit, if any, too");
        }
        this.id = id;
        this.title = title;
        this.description = description;
        this.minimumAmount = minimumAmount;
        this.quantityAvailable = quantityAvailable;
        this.quantityClaimed = quantityClaimed;
        this.fresh = fresh;
    }

    static RewardTier create(String title, String description, BigDecimal minimumAmount, Integer quantityAvailable) {
        return new RewardTier(Ids.next(), title, description, minimumAmount, quantityAvailable, 0, true);
    }

    boolean soldOut() {
        return quantityAvailable != null && quantityClaimed >= quantityAvailable;
    }

    void claimOne() {
        if (soldOut()) {
            throw new IllegalStateException("Tier " + id + " is sold out");
        }
        quantityClaimed++;
        changed = true;
    }

    void releaseOne() {
        if (quantityClaimed == 0) {
            throw new IllegalStateException("Tier " + id + " has no claim to release");
        }
        quantityClaimed--;
        changed = true;
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

    public BigDecimal minimumAmount() {
        return minimumAmount;
    }

    public Integer quantityAvailable() {
        return quantityAvailable;
    }

    public int quantityClaimed() {
        return quantityClaimed;
    }

    boolean fresh() {
        return fresh;
    }

    boolean changed() {
        return changed;
    }
}
