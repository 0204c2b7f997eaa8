package io.crowdfund.campaign.campaign.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PagedModel;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.campaign.CampaignProperties;
import io.crowdfund.campaign.campaign.Campaign;
import io.crowdfund.campaign.campaign.CampaignStatus;
import io.crowdfund.campaign.campaign.CampaignStore;
import io.crowdfund.campaign.campaign.Campaigns;
import io.crowdfund.web.Caller;
import io.crowdfund.web.InvalidField;
import io.crowdfund.web.MoneyProperties;
import io.crowdfund.web.VelocityLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@Tag(name = "Campaigns", description = "Campaigns, their reward tiers and milestones (campaign-service)")
class CampaignController {

    /** The list's orders as {@code sort=} names them. */
    private static final Map<String, CampaignStore.Order> SORTS = Map.of(
            "newest", CampaignStore.Order.NEWEST, "endingSoon", CampaignStore.Order.ENDING_SOON, "mostFunded", CampaignStore.Order.MOST_FUNDED);

    private final Campaigns campaigns;
    private final CampaignReads reads;
    private final String currency;
    private final CacheControl readCaching;

    CampaignController(Campaigns campaigns, CampaignReads reads, MoneyProperties money, CampaignProperties properties) {
        this.campaigns = campaigns;
        this.reads = reads;
        this.currency = money.currency();
        this.readCaching = CacheControl.maxAge(properties.reads().maxAge()).cachePublic();
    }

    @GetMapping("/categories")
    @Operation(operationId = "listCategories", summary = "The campaign categories")
    List<Campaigns.Category> categories() {
        return campaigns.categories();
    }

    @PostMapping("/campaigns")
    @VelocityLimited("campaigns-per-user")
    @Operation(operationId = "createCampaign", summary = "Create a campaign",
            description = "The caller becomes its owner; tiers and milestones are created with it, atomically.")
    @ApiResponse(responseCode = "201", description = "Created, ACTIVE from its start date",
            headers = @Header(name = "Location", description = "the campaign", required = true, schema = @Schema(format = "uri-reference")))
    ResponseEntity<CampaignView> create(Caller caller, @Valid @RequestBody CampaignRequests.Create request) {
        Campaign campaign = campaigns.create(caller, request.toDraft());
        return ResponseEntity.created(URI.create("/campaigns/" + campaign.id())).body(CampaignView.of(campaign, currency));
    }

    @GetMapping("/campaigns")
    @Operation(operationId = "listCampaigns", summary = "List campaigns",
            description = "Filter by category, status, start date range, owner and a search in the title; newest first unless sorted otherwise.")
    PagedModel<CampaignView> list(@RequestParam(required = false) String category, @RequestParam(required = false) CampaignStatus status,
            @RequestParam(required = false) Instant startedAfter, @RequestParam(required = false) Instant startedBefore,
            @RequestParam(required = false) UUID ownerId,
            @Parameter(description = "Campaigns whose title contains this text, in any case; `%`, `_` and `\\` match themselves. "
                    + "At most 100 characters, no control characters.", example = "solar")
            @RequestParam(required = false) @Size(max = 100) @Pattern(regexp = "\\P{Cc}*", message = "must not contain control characters")
            String q,
            @Parameter(description = "`newest`: latest created first; `endingSoon`: active campaigns first, the nearest deadline first, "
                    + "then the closed ones; `mostFunded`: the most money pledged first. Ties in the order of `id`.",
                    schema = @Schema(allowableValues = {"newest", "endingSoon", "mostFunded"}, defaultValue = "newest"))
            @RequestParam(defaultValue = "newest") String sort,
            Pageable page) {
        if (startedAfter != null && startedBefore != null && !startedAfter.isBefore(startedBefore)) {
            throw new InvalidField("startedBefore", "must be after startedAfter");
        }
        var filter = new CampaignStore.Filter(category, status, startedAfter, startedBefore, ownerId, q == null || q.isBlank() ? null : q.strip());
        return new PagedModel<>(campaigns.list(filter, order(sort), page).map(campaign -> CampaignView.of(campaign, currency)));
    }

    private static CampaignStore.Order order(String sort) {
        CampaignStore.Order order = SORTS.get(sort);
        if (order == null) {
            throw new InvalidField("sort", "must be one of newest, endingSoon, mostFunded");
        }
        return order;
    }

    @GetMapping("/campaigns/{id}")
    @Operation(operationId = "getCampaign", summary = "A campaign with its reward tiers and milestones", description = """
            Served from the replica's memory, at most CAMPAIGN_READ_MAX_AGE (1 s) behind the database. With an `ETag`; a request
            whose `If-None-Match` names the current one gets 304 and no body. `Cache-Control: max-age` lets an edge cache serve it
            for as long.""")
    @ApiResponse(responseCode = "200", description = "The campaign", headers = {
            @Header(name = "ETag", description = "changes whenever anything in the body does", schema = @Schema(type = "string")),
            @Header(name = "Cache-Control", description = "public, for CAMPAIGN_READ_MAX_AGE", schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "304", description = "Not modified: the `If-None-Match` ETag is still current; no body",
            headers = @Header(name = "ETag", description = "the current one", schema = @Schema(type = "string")), content = @Content)
    ResponseEntity<CampaignView> get(@PathVariable UUID id) {
        CampaignReads.Read read = reads.get(id);
        // with the ETag set, Spring answers a matching If-None-Match with 304 and no body
        return ResponseEntity.ok().eTag(read.etag()).cacheControl(readCaching).body(read.view());
    }

    @PatchMapping("/campaigns/{id}")
    @Operation(operationId = "editCampaign", summary = "Edit title, description or category (owner)")
    @ApiResponse(responseCode = "200", description = "The campaign as it is now")
    @ApiResponse(responseCode = "403", description = "The caller is not the campaign's owner (nor an operator)")
    @ApiResponse(responseCode = "409", description = "The campaign is no longer ACTIVE")
    CampaignView edit(Caller caller, @PathVariable UUID id, @Valid @RequestBody CampaignRequests.Edit request) {
        if (request.title() == null && request.description() == null && request.category() == null) {
            throw new InvalidField("body", "must change at least one of title, description, category");
        }
        CampaignView edited = CampaignView.of(campaigns.edit(caller, id, request.title(), request.description(), request.category()),
                currency);
        reads.changed(id);
        return edited;
    }

    @PostMapping("/campaigns/{id}/reward-tiers")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "addRewardTier", summary = "Add a reward tier to an active campaign (owner)")
    @ApiResponse(responseCode = "201", description = "The new tier")
    @ApiResponse(responseCode = "403", description = "The caller is not the campaign's owner (nor an operator)")
    @ApiResponse(responseCode = "409", description = "The campaign is no longer ACTIVE")
    CampaignView.Tier addTier(Caller caller, @PathVariable UUID id, @Valid @RequestBody CampaignRequests.Tier request) {
        CampaignView.Tier tier = CampaignView.Tier.of(campaigns.addTier(caller, id, request.toDraft()));
        reads.changed(id);
        return tier;
    }

    @PostMapping("/campaigns/{id}/milestones")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "addMilestone", summary = "Add a milestone to an active campaign (owner)")
    @ApiResponse(responseCode = "201", description = "The new milestone")
    @ApiResponse(responseCode = "403", description = "The caller is not the campaign's owner (nor an operator)")
    @ApiResponse(responseCode = "409", description = "The campaign is no longer ACTIVE")
    CampaignView.MilestoneView addMilestone(Caller caller, @PathVariable UUID id, @Valid @RequestBody CampaignRequests.Milestone request) {
        CampaignView.MilestoneView milestone = CampaignView.MilestoneView.of(campaigns.addMilestone(caller, id, request.toDraft()));
        reads.changed(id);
        return milestone;
    }
}
