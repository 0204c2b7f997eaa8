package io.crowdfund.pledge.saga.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.pledge.PledgeProperties;
import io.crowdfund.pledge.saga.Pledge;
import io.crowdfund.pledge.saga.PledgeStatus;
import io.crowdfund.pledge.saga.Pledges;
import io.crowdfund.pledge.saga.SagaStep;
import io.crowdfund.web.Caller;
import io.crowdfund.web.ConcurrencyLimit;
import io.crowdfund.web.InvalidField;
import io.crowdfund.web.MoneyAmount;
import io.crowdfund.web.MoneyProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@RestController
class PledgeController {

    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,4})");
    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final Pledges pledges;
    private final Duration maxWait;
    private final String currency;

    PledgeController(Pledges pledges, PledgeProperties properties, MoneyProperties money) {
        this.pledges = pledges;
        this.maxWait = properties.maxWait();
        this.currency = money.currency();
    }

    record PledgeRequest(@Schema(example = "6f1c...") @NotNull UUID campaignId,
            @Schema(example = "25.00") @NotNull @MoneyAmount BigDecimal amount,
            @Schema(description = "optional reward tier of the campaign") UUID rewardTierId) {
    }

    record PledgeView(UUID id, UUID campaignId, UUID backerId, BigDecimal amount, String currency, UUID rewardTierId, PledgeStatus status,
            String rejectionReason, boolean cancellationPending, Instant createdAt, Instant updatedAt) {
    }

    @PostMapping("/pledges")
    @Operation(summary = "Pledge to a campaign", description = """
            202 + Location with the pledge PENDING. With `Prefer: wait=N` (N ≤ 10) the answer waits for a final state: 201 when
            CONFIRMED, 200 otherwise (202 if still pending after N s). The same Idempotency-Key with the same body answers with the
            same pledge; with another body, 422.""")
    ResponseEntity<PledgeView> pledge(Caller caller, HttpServletRequest http, @Valid @RequestBody PledgeRequest request,
            @Parameter(description = "Makes retries safe: at most 200 characters")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Parameter(description = "wait=N: answer when final, waiting at most N seconds (≤ 10)")
            @RequestHeader(name = "Prefer", required = false) String prefer) {
        Optional<String> key = Optional.ofNullable(idempotencyKey);
        if (key.isPresent() && (key.get().isBlank() || key.get().length() > MAX_IDEMPOTENCY_KEY)) {
            throw new InvalidField("Idempotency-Key", "must be 1-" + MAX_IDEMPOTENCY_KEY + " characters");
        }
        Duration wait = waitOf(prefer);
        if (wait.isZero()) {
            return answer(pledges.request(caller, request.campaignId(), request.amount(), request.rewardTierId(), key).pledge(), false);
        }
        // parked, holding no connection: not one of the requests the replica limits (PLEDGE_MAX_WAITERS bounds these)
        return answer(pledges.requestAndAwait(caller, request.campaignId(), request.amount(), request.rewardTierId(), key, wait,
                () -> ConcurrencyLimit.leave(http)), true);
    }

    @GetMapping("/pledges/{id}")
    @Operation(summary = "A pledge (its backer, the campaign's owner, an operator)")
    PledgeView get(Caller caller, @PathVariable UUID id) {
        return view(pledges.get(caller, id));
    }

    @GetMapping("/pledges")
    @Operation(summary = "Pledges", description = "With campaignId: that campaign's (owner or operator); without: the caller's own. Newest first.")
    PagedModel<PledgeView> list(Caller caller, @RequestParam(required = false) UUID campaignId,
            @RequestParam(required = false) PledgeStatus status, Pageable page) {
        return new PagedModel<>(pledges.list(caller, campaignId, status, page).map(this::view));
    }

    @DeleteMapping("/pledges/{id}")
    @Operation(summary = "Cancel a confirmed pledge (its backer)",
            description = "202: the cancellation runs and the pledge ends REFUNDED. 409 if the campaign is closed or does not allow it, or the pledge is not CONFIRMED.")
    ResponseEntity<PledgeView> cancel(Caller caller, @PathVariable UUID id) {
        return ResponseEntity.accepted().body(view(pledges.cancel(caller, id)));
    }

    private ResponseEntity<PledgeView> answer(Pledge pledge, boolean waited) {
        HttpStatus status = !waited || pledge.step() != SagaStep.DONE ? HttpStatus.ACCEPTED
                : pledge.status() == PledgeStatus.CONFIRMED ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).location(URI.create("/pledges/" + pledge.id())).body(view(pledge));
    }

    private Duration waitOf(String prefer) {
        if (prefer == null) {
            return Duration.ZERO;
        }
        Matcher matcher = WAIT.matcher(prefer);
        if (!matcher.find()) {
            return Duration.ZERO;
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
        return asked.compareTo(maxWait) > 0 ? maxWait : asked;
    }

    private PledgeView view(Pledge p) {
        return new PledgeView(p.id(), p.campaignId(), p.backerId(), p.amount(), currency, p.rewardTierId(), p.status(), p.rejectionReason(),
                p.status() == PledgeStatus.CONFIRMED && p.step() != SagaStep.DONE, p.createdAt(), p.updatedAt());
    }
}
