package io.crowdfund.pledge.saga;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.crowdfund.messaging.OutgoingMessage;
import io.crowdfund.pledge.replica.CampaignReplicas;
import io.crowdfund.pledge.replica.CampaignReplicas.CampaignReplica;
import io.crowdfund.web.Caller;
import io.crowdfund.web.IdempotencyKeyReused;
import io.crowdfund.web.InvalidField;
import io.crowdfund.web.TooManyRequests;

/**
 * The saga's front door: requesting (idempotent per Idempotency-Key), reading, waiting for and
 * cancelling pledges. Hopeless requests (a campaign the replica knows is closed, an unknown tier, an
 * amount below the tier's minimum) are refused before anything is written.
 */
@Service
public class Pledges {

    private final PledgeStore store;
    private final CampaignReplicas replicas;
    private final PledgeIntake intake;
    private final PledgeSaga saga;
    private final PledgeOutcomes outcomes;
    private final FundsTimelines timelines;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Pledges(PledgeStore store, CampaignReplicas replicas, PledgeIntake intake, PledgeSaga saga, PledgeOutcomes outcomes,
            FundsTimelines timelines, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.replicas = replicas;
        this.intake = intake;
        this.saga = saga;
        this.outcomes = outcomes;
        this.timelines = timelines;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A pledge as requested: new, or the one an earlier request with the same Idempotency-Key made. */
    public record Requested(Pledge pledge, boolean replayed) {
    }

    public Requested request(Caller backer, UUID campaignId, BigDecimal amount, UUID rewardTierId, Optional<String> idempotencyKey) {
        return request(backer, campaignId, amount, rewardTierId, idempotencyKey, pledge -> { });
    }

    /**
     * Requests a pledge and answers once it is final, or as it stands when the wait ends. The waiter
     * is registered before the pledge commits, so even a saga faster than this thread is not missed
     * and the new pledge need not be read back; {@code parking} runs before the thread parks. A
     * replayed request waits for the earlier pledge.
     */
    public Pledge requestAndAwait(Caller backer, UUID campaignId, BigDecimal amount, UUID rewardTierId, Optional<String> idempotencyKey,
            Duration wait, Runnable parking) {
        var waiter = new AtomicReference<CompletableFuture<Pledge>>();
        Requested requested;
        try {
            requested = request(backer, campaignId, amount, rewardTierId, idempotencyKey, pledge -> {
                if (!outcomes.full()) {
                    waiter.set(outcomes.whenFinal(pledge.id()));
                }
            });
        } catch (RuntimeException refused) {
            forget(waiter.get());
            throw refused;
        }
        if (requested.replayed()) {
            forget(waiter.get());
            parking.run();
            return awaitFinal(requested.pledge().id(), wait);
        }
        if (waiter.get() == null) {
            return requested.pledge(); // as many requests wait as the replica allows: answered as it stands
        }
        parking.run();
        return await(requested.pledge().id(), waiter.get(), wait);
    }

    private Requested request(Caller backer, UUID campaignId, BigDecimal amount, UUID rewardTierId, Optional<String> idempotencyKey,
            Consumer<Pledge> beforeCommit) {
        Instant now = clock.instant();
        replicas.find(campaignId).ifPresent(campaign -> refuseHopeless(campaign, amount, rewardTierId, now));
        String hash = campaignId + "|" + amount.stripTrailingZeros().toPlainString() + "|" + rewardTierId;
        Pledge pledge = Pledge.request(backer.id(), campaignId, amount, rewardTierId, idempotencyKey.orElse(null), hash, now);
        // a repeated Idempotency-Key is told by the unique index, not by a read before every insert
        PledgeIntake.Written written = intake.write(pledge, beforeCommit);
        switch (written.outcome()) {
            case NEW -> { }
            case TOO_FAST -> throw new TooManyRequests(BackerPace.LIMIT, written.retryAfter());
            case KEY_TAKEN -> {
                return replay(store.findByIdempotencyKey(backer.id(), idempotencyKey.orElseThrow()).orElseThrow(), hash);
            }
            case SETTLING -> {
                // a retry of a pledge made before the campaign closed still gets that pledge
                Optional<Pledge> earlier = idempotencyKey.flatMap(key -> store.findByIdempotencyKey(backer.id(), key));
                if (earlier.isPresent()) {
                    return replay(earlier.get(), hash);
                }
                throw new CampaignNotActive(campaignId);
            }
        }
        return new Requested(pledge, false);
    }

    /**
     * The pledge once it is final, or as it stands when the wait ends. The caller's (virtual) thread
     * parks while waiting, holding no connection. When the replica already has as many waiting
     * requests as it allows, the pledge as it stands now.
     */
    private Pledge awaitFinal(UUID pledgeId, Duration wait) {
        if (outcomes.full()) {
            return store.find(pledgeId).orElseThrow(() -> new PledgeNotFound(pledgeId));
        }
        CompletableFuture<Pledge> finished = outcomes.whenFinal(pledgeId);
        Pledge now = store.find(pledgeId).orElseThrow(() -> new PledgeNotFound(pledgeId));
        if (now.step() == SagaStep.DONE) {
            outcomes.forget(pledgeId, finished);
            return now;
        }
        return await(pledgeId, finished, wait);
    }

    /** Parks until the waiter completes or the wait ends; the final pledge as committed, else as read now. */
    private Pledge await(UUID pledgeId, CompletableFuture<Pledge> finished, Duration wait) {
        try {
            Pledge done = finished.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (done != null) {
                return done;
            }
        } catch (TimeoutException stillMoving) {
            outcomes.forget(pledgeId, finished);
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible); // outcomes only ever complete normally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes.forget(pledgeId, finished);
        }
        return store.find(pledgeId).orElseThrow();
    }

    private void forget(CompletableFuture<Pledge> waiter) {
        if (waiter != null) {
            waiter.complete(null); // leaves the waiting map through its own completion hook
        }
    }

    /**
     * The pledge, for its backer, its campaign's owner or an operator. Anyone else is answered as if
     * there were no such pledge, so that pledge ids (and who backs what) do not leak.
     */
    public Pledge get(Caller caller, UUID id) {
        Pledge pledge = store.find(id).orElseThrow(() -> new PledgeNotFound(id));
        if (!maySee(caller, pledge)) {
            throw new PledgeNotFound(id);
        }
        return pledge;
    }

    private boolean maySee(Caller caller, Pledge pledge) {
        return caller.is(pledge.backerId()) || caller.operator() || caller.is(pledge.ownerId()) || ownsCampaign(caller, pledge.campaignId());
    }

    /** A campaign's pledges (its owner or an operator), or the caller's own. */
    public Page<Pledge> list(Caller caller, UUID campaignId, PledgeStatus status, Pageable page) {
        if (campaignId == null) {
            return store.page("backer_id", caller.id(), status, page);
        }
        mayReadPledgesOf(caller, campaignId);
        return store.page("campaign_id", campaignId, status, page);
    }

    /** The campaign's funds over time, for whoever may list its pledges. */
    public FundsTimeline timeline(Caller caller, UUID campaignId) {
        mayReadPledgesOf(caller, campaignId);
        return timelines.of(campaignId);
    }

    /**
     * A campaign's pledges (listed, or as a timeline) are for its owner, as the replica knows it, and
     * operators to see; a campaign the replica does not know has no owner yet.
     */
    private void mayReadPledgesOf(Caller caller, UUID campaignId) {
        if (!caller.operator() && !ownsCampaign(caller, campaignId)) {
            throw new NotAllowed("Only the campaign's owner or an operator may list its pledges");
        }
    }

    /** Starts the cancellation of a confirmed pledge; it ends REFUNDED (or stays CONFIRMED if the campaign refuses). */
    public Pledge cancel(Caller caller, UUID id) {
        return transactions.execute(status -> {
            Pledge pledge = store.lock(Set.of(id)).get(id);
            if (pledge == null) {
                throw new PledgeNotFound(id);
            }
            if (!caller.is(pledge.backerId())) {
                // those who may see the pledge learn why; to anyone else it does not exist
                if (maySee(caller, pledge)) {
                    throw new NotAllowed("Only the pledge's backer may cancel it");
                }
                throw new PledgeNotFound(id);
            }
            replicas.find(pledge.campaignId()).ifPresent(campaign -> {
                if (!"ACTIVE".equals(campaign.status())) {
                    throw new PledgeNotCancellable(id, "the campaign is " + campaign.status());
                }
                if (!campaign.allowCancellation()) {
                    throw new PledgeNotCancellable(id, "the campaign does not allow cancellation");
                }
            });
            PledgeStatus before = pledge.status();
            List<SagaCommand> commands = pledge.cancel(clock.instant());
            List<OutgoingMessage> out = new ArrayList<>();
            saga.send(pledge, commands, before, null, out);
            saga.finish(List.of(pledge), out);
            return pledge;
        });
    }

    private Requested replay(Pledge earlier, String hash) {
        if (!earlier.requestHash().equals(hash)) {
            throw new IdempotencyKeyReused();
        }
        return new Requested(earlier, true);
    }

    private boolean ownsCampaign(Caller caller, UUID campaignId) {
        return replicas.find(campaignId).map(campaign -> caller.is(campaign.ownerId())).orElse(false);
    }

    private static void refuseHopeless(CampaignReplica campaign, BigDecimal amount, UUID rewardTierId, Instant now) {
        if (!campaign.takesPledgesAt(now)) {
            throw new CampaignNotActive(campaign.id());
        }
        if (rewardTierId != null) {
            var tier = campaign.tier(rewardTierId)
                    .orElseThrow(() -> new InvalidField("rewardTierId", "is not a reward tier of this campaign"));
            if (amount.compareTo(tier.minimumAmount()) < 0) {
                throw new InvalidField("amount", "is below the reward tier's minimum of " + tier.minimumAmount().toPlainString());
            }
        }
    }
}
