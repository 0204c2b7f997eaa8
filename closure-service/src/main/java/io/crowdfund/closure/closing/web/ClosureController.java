package io.crowdfund.closure.closing.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.closure.closing.Closure;
import io.crowdfund.closure.closing.ClosureState;
import io.crowdfund.closure.closing.Closures;
import io.crowdfund.contracts.campaign.CampaignOutcome;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Closures", description = "Closing campaigns at their deadline and settling their money (closure-service)")
class ClosureController {

    private final Closures closures;

    ClosureController(Closures closures) {
        this.closures = closures;
    }

    /**
     * @param awaiting while closing or settling: what it waits for ({@code CLOSE_CAMPAIGN}, {@code SETTLE_PLEDGES},
     *        {@code SETTLE_FUNDS}); null otherwise
     * @param progressedAt when it last moved (a state change or a progress event)
     * @param reasks how often the participant it waited on was asked again because nothing moved
     */
    @Schema(name = "Closure")
    record ClosureView(UUID campaignId, Instant deadline, ClosureState state,
            @Schema(description = "once the campaign closed") @Nullable CampaignOutcome outcome, long pledgesSettled,
            BigDecimal amountRefunded, BigDecimal amountPaidOut, BigDecimal platformFee,
            @Nullable Instant closedAt, @Nullable Instant settledAt,
            @Schema(description = "while closing or settling: the step it waits for") Closure.@Nullable Step awaiting,
            @Schema(description = "when it last moved (a state change or a progress event)") Instant progressedAt,
            @Schema(description = "how often the step it waited on was asked again because nothing moved") int reasks,
            @Nullable Instant reaskedAt) {

        static ClosureView of(Closure c) {
            return new ClosureView(c.campaignId(), c.deadline(), c.state(), c.outcome(), c.pledgesSettled(), c.amountRefunded(),
                    c.amountPaidOut(), c.fee(), c.closedAt(), c.settledAt(), c.awaiting().orElse(null), c.progressedAt(), c.reasks(),
                    c.reaskedAt());
        }
    }

    @GetMapping("/closures/{campaignId}")
    @Operation(operationId = "getClosure", summary = "A campaign's closing and settlement progress")
    ClosureView get(@PathVariable UUID campaignId) {
        return ClosureView.of(closures.get(campaignId));
    }

    @PostMapping("/closures/{campaignId}/close")
    @Operation(operationId = "closeCampaign", summary = "Close a campaign now, as if its deadline had passed (operators)")
    @ApiResponse(responseCode = "202", description = "The campaign is CLOSING (or further along, if it was already)")
    ResponseEntity<ClosureView> close(@PathVariable UUID campaignId) {
        return ResponseEntity.accepted().body(ClosureView.of(closures.closeNow(campaignId)));
    }

    @GetMapping("/closures")
    @Operation(operationId = "listClosures", summary = "Closures, latest deadline first (operators)")
    PagedModel<ClosureView> list(@RequestParam(required = false) ClosureState state, Pageable page) {
        return new PagedModel<>(closures.list(state, page).map(ClosureView::of));
    }
}
