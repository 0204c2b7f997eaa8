package io.crowdfund.pledge.saga.web;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
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
import io.crowdfund.pledge.saga.FundsTimeline;
import io.crowdfund.pledge.saga.Pledge;
import io.crowdfund.pledge.saga.PledgeRejection;
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
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@RestController
@Tag(name = "Pledges", description = "Pledging to campaigns, following and cancelling pledges (pledge-service)")
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

    @Schema(name = "NewPledge")
    record PledgeRequest(@Schema(example = "0b0c2a9e-8f5d-4a53-9d0e-2f4c1e7b9a10") @NotNull UUID campaignId,
            @Schema(example = "25.00") @NotNull @MoneyAmount BigDecimal amount,
            @Schema(description = "optional reward tier of the campaign") @Nullable UUID rewardTierId) {
    }

    @Schema(name = "Pledge")
    record PledgeView(UUID id, UUID campaignId, UUID backerId, @Schema(example = "25.00") BigDecimal amount,
            @Schema(example = "USD") String currency, @Nullable UUID rewardTierId,
            PledgeStatus status, @Schema(description = "why it was REJECTED") @Nullable PledgeRejection rejectionReason,
            @Schema(description = "a cancellation runs; the pledge ends REFUNDED") boolean cancellationPending,
            Instant createdAt, Instant updatedAt) {
    }

    @PostMapping("/pledges")
    @Operation(operationId = "createPledge", summary = "Pledge to a campaign", description = """
            202 + Location with the pledge PENDING. With `Prefer: wait=N` (N ≤ 10) the answer waits for a final state: 201 when
            CONFIRMED, 200 otherwise (202 if still pending after N s). The same Idempotency-Key with the same body answers with the
            same pledge; with another body, 422.""")
    @ApiResponse(responseCode = "200", description = "Waited: the pledge is final and not CONFIRMED (REJECTED, with its reason)",
            headers = @Header(name = "Location", description = "the pledge", required = true, schema = @Schema(format = "uri-reference")))
    @ApiResponse(responseCode = "201", description = "Waited: the pledge is CONFIRMED",
            headers = @Header(name = "Location", description = "the pledge", required = true, schema = @Schema(format = "uri-reference")))
    @ApiResponse(responseCode = "202", description = "The pledge is PENDING; follow it at Location",
            headers = @Header(name = "Location", description = "the pledge", required = true, schema = @Schema(format = "uri-reference")))
    @ApiResponse(responseCode = "409", description = "The campaign takes no more pledges (closed or settling)")
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with another body")
    @ApiResponse(responseCode = "429", description = "The caller reached a velocity limit; try again after Retry-After")
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
    @Operation(operationId = "getPledge", summary = "A pledge (its backer, the campaign's owner, an operator)",
            description = "404 for anyone else, exactly as for a pledge that does not exist.")
    PledgeView get(Caller caller, @PathVariable UUID id) {
        return view(pledges.get(caller, id));
    }

    @GetMapping("/pledges")
    @Operation(operationId = "listPledges", summary = "Pledges", description = "With campaignId: that campaign's (owner or operator); without: the caller's own. Newest first.")
    @ApiResponse(responseCode = "200", description = "A page of pledges")
    @ApiResponse(responseCode = "403", description = "With campaignId: the caller is not the campaign's owner (nor an operator)")
    PagedModel<PledgeView> list(Caller caller, @RequestParam(required = false) UUID campaignId,
            @RequestParam(required = false) PledgeStatus status, Pageable page) {
        return new PagedModel<>(pledges.list(caller, campaignId, status, page).map(this::view));
    }

    @Schema(name = "FundsTimeline")
    record TimelineView(UUID campaignId, @Schema(example = "USD") String currency,
            @Schema(description = "the buckets' width, an ISO-8601 duration: PT1M, PT5M, PT15M, PT1H, PT6H, PT24H or PT168H",
                    example = "PT1H") String bucket,
            @Schema(description = "the buckets with pledges, oldest first") List<TimelinePoint> points) {
    }

    @Schema(name = "FundsTimelinePoint")
    record TimelinePoint(@Schema(description = "the bucket's start (UTC)", example = "2026-12-05T10:00:00Z") Instant at,
            @Schema(description = "pledged in the bucket", example = "150.00") BigDecimal amount,
            @Schema(description = "pledges in the bucket", example = "3") long pledges,
            @Schema(description = "pledged up to the bucket's end", example = "150.00") BigDecimal cumulativeAmount) {
    }

    @GetMapping("/pledges/timeline")
    @Operation(operationId = "getFundsTimeline", summary = "A campaign's funds over time (its owner or an operator)", description = """
            The pledges that count toward the campaign's funds now (CONFIRMED or COLLECTED), by the time they were made, for the
            owner's chart: the buckets that have pledges, oldest first, each with its amount, its number of pledges and the running
            total. The bucket is the narrowest of 1 minute, 5 minutes, 15 minutes, 1 hour, 6 hours, 1 day and 7 days that needs at
            most 200 buckets from the first pledge to the last; buckets start on the minute, the hour, at midnight UTC and on Mondays.
            No counting pledge: `points` is empty. Who may see it is who may list the campaign's pledges (`GET /pledges?campaignId=`),
            with the same answers: 403 for anyone but the campaign's owner or an operator, also when pledge-service does not know the
            campaign (yet); there is no 404, an operator gets an empty timeline for a campaign without pledges. 400 with
            `errors` when campaignId is missing or not a UUID; 401 without a valid token.""")
    @ApiResponse(responseCode = "200", description = "The timeline")
    @ApiResponse(responseCode = "403", description = "The caller is not the campaign's owner (nor an operator)")
    TimelineView timeline(Caller caller, @Parameter(description = "the campaign", required = true, schema = @Schema(type = "string",
            format = "uuid")) @RequestParam(required = false) String campaignId) {
        FundsTimeline timeline = pledges.timeline(caller, campaignIdOf(campaignId));
        return new TimelineView(timeline.campaignId(), currency, timeline.bucket().toString(), timeline.points().stream()
                .map(p -> new TimelinePoint(p.at(), p.amount(), p.pledges(), p.cumulativeAmount())).toList());
    }

    @DeleteMapping("/pledges/{id}")
    @Operation(operationId = "cancelPledge", summary = "Cancel a confirmed pledge (its backer)",
            description = "202: the cancellation runs and the pledge ends REFUNDED. 409 if the campaign is closed or does not allow it, or the pledge is not CONFIRMED. "
                    + "403 for the campaign's owner or an operator; 404 for anyone else, exactly as for a pledge that does not exist.")
    @ApiResponse(responseCode = "202", description = "The cancellation runs (`cancellationPending`); the pledge ends REFUNDED")
    @ApiResponse(responseCode = "403", description = "The caller is the campaign's owner or an operator, not the backer")
    @ApiResponse(responseCode = "409", description = "The campaign is closed or does not allow cancelling, or the pledge is not CONFIRMED")
    ResponseEntity<PledgeView> cancel(Caller caller, @PathVariable UUID id) {
        return ResponseEntity.accepted().body(view(pledges.cancel(caller, id)));
    }

    private ResponseEntity<PledgeView> answer(Pledge pledge, boolean waited) {
        HttpStatus status = !waited || pledge.step() != SagaStep.DONE ? HttpStatus.ACCEPTED
                : pledge.status() == PledgeStatus.CONFIRMED ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).location(URI.create("/pledges/" + pledge.id())).body(view(pledge));
    }

    /** Parsed here rather than bound, so a missing or malformed id is answered like every other invalid field. */
    private static UUID campaignIdOf(String campaignId) {
        if (campaignId == null || campaignId.isBlank()) {
            throw new InvalidField("campaignId", "is required");
        }
        try {
            return UUID.fromString(campaignId);
        } catch (IllegalArgumentException notAUuid) {
            throw new InvalidField("campaignId", "must be a UUID");
        }
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
        return new PledgeView(p.id(), p.campaignId(), p.backerId(), p.amount(), currency, p.rewardTierId(), p.status(),
                p.rejectionReason(),
                p.status() == PledgeStatus.CONFIRMED && p.step() != SagaStep.DONE, p.createdAt(), p.updatedAt());
    }
}
