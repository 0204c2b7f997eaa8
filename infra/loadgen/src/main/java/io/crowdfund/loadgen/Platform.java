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

    @Override
    public Outcome pledge(int backer, boolean limitedTier) {
        String token = backers.get(backer % backers.size());
        Api.Reply reply;
        try {
            reply = api.pledge(token, campaignId, limitedTier ? LIMITED_AMOUNT : UNLIMITED_AMOUNT, limitedTier ? this.limitedTier : unlimitedTier,
                    waitSeconds, UUID.randomUUID().toString());
        } catch (IllegalStateException e) {
            return Outcome.failed("no answer");
        }
        if (!reply.ok()) {
            return Outcome.failed("HTTP " + reply.status());
        }
        JsonNode pledge = reply.body();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ("PENDING".equals(pledge.get("status").asString()) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            pledge = api.getPledge(token, pledge.get("id").asString());
        }
        return switch (pledge.get("status").asString()) {
            case "CONFIRMED" -> Outcome.CONFIRMED;
            case "REJECTED" -> Outcome.rejected(pledge.get("rejectionReason").asString());
            default -> new Outcome(pledge.get("status").asString(), null);
        };
    }

    /** Waits until no pledge of the campaign is PENDING (at most {@code timeout}); how many still are. */
    long drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pending;
        do {
            pending = api.pledgesOf(ownerToken, campaignId, "PENDING", 0).get("page").get("totalElements").asLong();
            if (pending > 0) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        } while (pending > 0 && System.nanoTime() < deadline);
        return pending;
    }

    /** The invariants after the rush, each with what was found. */
    List<Invariant> invariants(int limitedQuantity, String operatorToken) {
        BigDecimal confirmedSum = BigDecimal.ZERO;
        long confirmedLimited = 0;
        Set<String> confirmedBackers = new HashSet<>();
        for (int page = 0; ; page++) {
            JsonNode pledges = api.pledgesOf(ownerToken, campaignId, "CONFIRMED", page);
            for (JsonNode pledge : pledges.get("content")) {
                confirmedSum = confirmedSum.add(pledge.get("amount").decimalValue());
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
                new Invariant("no pledge left non-final", pending == 0, "%d PENDING".formatted(pending)));
    }
}
