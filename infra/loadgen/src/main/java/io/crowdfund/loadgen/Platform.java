package io.crowdfund.loadgen;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.JsonNode;

/**
 * The platform as the rush sees it: backers with deposits and one hot campaign with a limited tier and
 * an unlimited one, all made through the public API; pledges go to {@code POST /pledges} with
 * {@code Prefer: wait}, and one still pending when the wait ends is polled until final.
 */
final class Platform implements PledgeTarget {

    static final BigDecimal LIMITED_AMOUNT = new BigDecimal("5.00");
    static final BigDecimal UNLIMITED_AMOUNT = new BigDecimal("1.00");
    static final BigDecimal DEPOSIT = new BigDecimal("1000000.00");

    private final Api api;
    private final int waitSeconds;
    private final List<String> backers = new ArrayList<>();
    private final AtomicLong retries = new AtomicLong();
    private String ownerToken;
    private String campaignId;
    private String limitedTier;
    private String unlimitedTier;

    Platform(Api api, int waitSeconds) {
        this.api = api;
        this.waitSeconds = waitSeconds;
    }

    /** Registers the owner and backers (each with a deposit) and creates the hot campaign. */
    void setUp(int backerCount, int limitedQuantity, Progress progress) {
        String run = Long.toString(System.currentTimeMillis(), 36);
        ownerToken = api.registerAndLogin("rush-owner-" + run, "rush-password-" + run);
        api.choosePledgeEmails(ownerToken, "DAILY_DIGEST"); // a hot campaign's owner wants one email a day, not thousands
        Map<String, Object> limited = new LinkedHashMap<>(Map.of("title", "Limited edition", "minimumAmount", LIMITED_AMOUNT,
                "quantityAvailable", limitedQuantity));
        Map<String, Object> unlimited = Map.of("title", "Thank you", "minimumAmount", UNLIMITED_AMOUNT);
        JsonNode campaign = api.createCampaign(ownerToken, Map.of("title", "Pledge rush " + run, "description", "A hot campaign",
                "category", "technology", "goal", new BigDecimal("1000000.00"),
                "deadline", Instant.now().plus(Duration.ofDays(7)).toString(), "rewardTiers", List.of(limited, unlimited)));
        campaignId = campaign.get("id").asString();
        for (JsonNode tier : campaign.get("rewardTiers")) {
            if (tier.get("quantityAvailable").isNull()) {
                unlimitedTier = tier.get("id").asString();
            } else {
                limitedTier = tier.get("id").asString();
            }
        }
        try (var pool = Executors.newFixedThreadPool(8); var bar = progress.start("backers", backerCount)) {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < backerCount; i++) {
                String username = "rush-" + run + "-" + i;
                tokens.add(pool.submit(() -> {
                    String token = api.registerAndLogin(username, "rush-password-" + run);
                    api.deposit(token, DEPOSIT, "rush-deposit-" + username);
                    bar.step();
                    return token;
                }));
            }
            for (var token : tokens) {
                backers.add(token.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("setting up backers: " + e.getCause().getMessage(), e.getCause());
        }
    }

    String campaignId() {
        return campaignId;
    }

    /**
     * Pledges as a careful client does: a POST that gets no answer or a 5xx (a service restarting) is
     * sent again with the same Idempotency-Key, so it can never pledge twice; a pledge still pending
     * is polled until final.
     */
    @Override
    public Outcome pledge(int backer, boolean limitedTier) {
        String token = backers.get(backer % backers.size());
        String key = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        JsonNode pledge = null;
        String lastProblem = "no answer";
        while (pledge == null) {
            if (System.nanoTime() > deadline) {
                return Outcome.failed(lastProblem);
            }
            try {
                Api.Reply reply = api.pledge(token, campaignId, limitedTier ? LIMITED_AMOUNT : UNLIMITED_AMOUNT,
                        limitedTier ? this.limitedTier : unlimitedTier, waitSeconds, key);
                if (reply.ok()) {
                    pledge = reply.body();
                } else if (reply.status() < 500) {
                    return Outcome.failed("HTTP " + reply.status());
                } else {
                    lastProblem = "HTTP " + reply.status();
                }
            } catch (IllegalStateException unanswered) {
                lastProblem = "no answer";
            }
            if (pledge == null) {
                retries.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        }
        String id = pledge.get("id").asString();
        long pause = Duration.ofMillis(20).toNanos();
        while ("PENDING".equals(pledge.path("status").asString()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(pause);
            pause = Math.min(2 * pause, Duration.ofSeconds(1).toNanos()); // back off, as a polite client does
            try {
                Api.Reply polled = api.getPledge(token, id);
                if (polled.ok()) {
                    pledge = polled.body();
                }
            } catch (IllegalStateException unanswered) {
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        }
        return switch (pledge.get("status").asString()) {
            case "CONFIRMED" -> Outcome.CONFIRMED;
            case "REJECTED" -> Outcome.rejected(pledge.get("rejectionReason").asString());
            default -> new Outcome(pledge.get("status").asString(), null);
        };
    }

    /** Requests sent again after no answer or a 5xx. */
    long retries() {
        return retries.get();
    }

    /** Waits until no pledge of the campaign is PENDING (at most {@code timeout}); how many still are. */
    long drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pending;
        do {
            try {
                pending = api.pledgesOf(ownerToken, campaignId, "PENDING", 0).get("page").get("totalElements").asLong();
            } catch (IllegalStateException unanswered) {
                pending = -1; // pledge-service is not answering (restarting): ask again
            }
            if (pending != 0) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        } while (pending != 0 && System.nanoTime() < deadline);
        return pending;
    }

    /** The invariants after the rush, each with what was found. */
    List<Invariant> invariants(int limitedQuantity, String operatorToken) {
        BigDecimal confirmedSum = BigDecimal.ZERO;
        long confirmedLimited = 0;
        long confirmedCount = 0;
        Set<String> confirmedBackers = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode pledges = api.pledgesOf(ownerToken, campaignId, "CONFIRMED", page);
            for (JsonNode pledge : pledges.get("content")) {
                confirmedSum = confirmedSum.add(pledge.get("amount").decimalValue());
                confirmedCount++;
                confirmedBackers.add(pledge.get("backerId").asString());
                if (limitedTier.equals(pledge.path("rewardTierId").asString(""))) {
                    confirmedLimited++;
                }
            }
            if (page + 1 >= pledges.get("page").get("totalPages").asInt()) {
                break;
            }
        }
        long pending = api.pledgesOf(ownerToken, campaignId, "PENDING", 0).get("page").get("totalElements").asLong();
        JsonNode campaign = api.campaign(campaignId);
        long claimed = 0;
        for (JsonNode tier : campaign.get("rewardTiers")) {
            if (tier.get("id").asString().equals(limitedTier)) {
                claimed = tier.get("quantityClaimed").asLong();
            }
        }
        BigDecimal funds = campaign.get("currentFunds").decimalValue();
        BigDecimal reserved = backers.stream().map(api::wallet).map(wallet -> wallet.get("reserved").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        long feed = api.feedSize(ownerToken, "pledge.confirmed");
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); feed < confirmedCount && System.nanoTime() < deadline; ) {
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // notification-service follows the events a moment behind
            feed = api.feedSize(ownerToken, "pledge.confirmed");
        }
        JsonNode reconciliation = api.reconciliation(operatorToken);
        return List.of(
                new Invariant("limited tier: exactly its quantity claimed, each by a confirmed pledge",
                        claimed == limitedQuantity && confirmedLimited == claimed,
                        "quantityClaimed %d of %d; confirmed pledges to it %d".formatted(claimed, limitedQuantity, confirmedLimited)),
                new Invariant("campaign total = sum of confirmed pledges", funds.compareTo(confirmedSum) == 0,
                        "currentFunds %s; confirmed sum %s".formatted(funds.toPlainString(), confirmedSum.toPlainString())),
                new Invariant("backer count = distinct confirmed backers", campaign.get("backerCount").asLong() == confirmedBackers.size(),
                        "backerCount %d; distinct %d".formatted(campaign.get("backerCount").asLong(), confirmedBackers.size())),
                new Invariant("money conserved to the cent (wallet reconciliation)", reconciliation.get("balanced").asBoolean(),
                        "deposits %s = balances %s + reserved %s + ...; difference %s".formatted(reconciliation.get("totalDeposits").asString(),
                                reconciliation.get("totalBalances").asString(), reconciliation.get("totalReserved").asString(),
                                reconciliation.get("difference").asString())),
                new Invariant("no pledge left non-final", pending == 0, "%d PENDING".formatted(pending)),
                new Invariant("no double hold: the backers' reserved money = their confirmed pledges", reserved.compareTo(confirmedSum) == 0,
                        "reserved %s; confirmed %s".formatted(reserved.toPlainString(), confirmedSum.toPlainString())),
                new Invariant("the owner's feed has each confirmed pledge once", feed == confirmedCount,
                        "feed %d; confirmed %d".formatted(feed, confirmedCount)));
    }
}
