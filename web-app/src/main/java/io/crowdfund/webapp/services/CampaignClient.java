package io.crowdfund.webapp.services;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PatchExchange;
import org.springframework.web.service.annotation.PostExchange;


/** campaign-service's public API, as the pages use it. */
@HttpExchange
public interface CampaignClient {

    @GetExchange("/categories")
    List<Category> categories();

    @GetExchange("/campaigns")
    Paged<Campaign> list(@RequestParam(required = false) String q, @RequestParam(required = false) String category,
            @RequestParam(required = false) String status, @RequestParam(required = false) String sort,
            @RequestParam(required = false) UUID ownerId, @RequestParam int page, @RequestParam int size);

    @GetExchange("/campaigns/{id}")
    Campaign get(@PathVariable UUID id);

    @PostExchange("/campaigns")
    Campaign create(@RequestBody NewCampaign campaign);

    @PatchExchange("/campaigns/{id}")
    Campaign edit(@PathVariable UUID id, @RequestBody Edit edit);

    @PostExchange("/campaigns/{id}/reward-tiers")
    Tier addTier(@PathVariable UUID id, @RequestBody NewTier tier);

    @PostExchange("/campaigns/{id}/milestones")
    Milestone addMilestone(@PathVariable UUID id, @RequestBody NewMilestone milestone);

    record Category(String code, String name) {
    }

    record Campaign(UUID id, UUID ownerId, String ownerName, String title, String description, String category, BigDecimal goal,
            BigDecimal currentFunds, int backerCount, String currency, Instant startDate, Instant deadline, String status,
            boolean allowCancellation, List<Tier> rewardTiers, List<Milestone> milestones, Instant closedAt) {

        public boolean isActive() {
            return "ACTIVE".equals(status);
        }

        /** Funds as a whole percent of the goal (may pass 100). */
        public int percentFunded() {
            return goal.signum() == 0 ? 0 : currentFunds.multiply(BigDecimal.valueOf(100)).divide(goal, 0, RoundingMode.DOWN).intValue();
        }

        public boolean isOwnedBy(UUID userId) {
            return ownerId.equals(userId);
        }

        public boolean hasStarted(Instant now) {
            return startDate == null || !startDate.isAfter(now);
        }
    }

    record Tier(UUID id, String title, String description, BigDecimal minimumAmount, Integer quantityAvailable, int quantityClaimed) {

        public boolean isLimited() {
            return quantityAvailable != null;
        }

        public int remaining() {
            return quantityAvailable == null ? Integer.MAX_VALUE : Math.max(0, quantityAvailable - quantityClaimed);
        }

        public boolean isSoldOut() {
            return quantityAvailable != null && quantityClaimed >= quantityAvailable;
        }
    }

    record Milestone(UUID id, String title, String description, BigDecimal target, boolean achieved, Instant achievedAt) {
    }

    record NewCampaign(String title, String description, String category, BigDecimal goal, Instant startDate, Instant deadline,
            boolean allowCancellation, List<NewTier> rewardTiers, List<NewMilestone> milestones) {
    }

    record NewTier(String title, String description, BigDecimal minimumAmount, Integer quantityAvailable) {
    }

    record NewMilestone(String title, String description, BigDecimal target) {
    }

    record Edit(String title, String description, String category) {
    }
}
