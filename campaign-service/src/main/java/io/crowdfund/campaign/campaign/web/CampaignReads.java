package io.crowdfund.campaign.campaign.web;

import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.util.DigestUtils;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.crowdfund.campaign.CampaignProperties;
import io.crowdfund.campaign.campaign.Campaigns;
import io.crowdfund.web.MoneyProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import tools.jackson.databind.json.JsonMapper;

/**
 * The campaigns this replica served lately, as {@code GET /campaigns/{id}} returns them, each with
 * its ETag. Everyone watching a campaign during a rush reads it far more often than anyone pledges,
 * so a read is served from memory: a campaign is read from the database once, then again when an
 * event says it changed ({@link #changed}: totals, edits, closing, from this replica or another)
 * and at the latest after {@code max-age}, which bounds how stale a read can be even if an event
 * is late. Concurrent reads of a campaign being loaded wait for that one load.
 */
@Component
public class CampaignReads {

    /** A campaign as served, and its strong ETag (a hash of its JSON, the same on every replica). */
    record Read(CampaignView view, String etag) {
    }

    private final Campaigns campaigns;
    private final String currency;
    private final JsonMapper json;
    private final Cache<UUID, Read> cache;

    CampaignReads(Campaigns campaigns, MoneyProperties money, JsonMapper json, CampaignProperties properties, MeterRegistry meters) {
        this.campaigns = campaigns;
        this.currency = money.currency();
        this.json = json;
        this.cache = Caffeine.newBuilder().expireAfterWrite(properties.reads().maxAge()).maximumSize(properties.reads().maxCampaigns())
                .recordStats().build();
        CaffeineCacheMetrics.monitor(meters, cache, "campaign.reads");
    }

    /** The campaign as served now; {@link io.crowdfund.campaign.campaign.CampaignNotFound} when there is none (not kept). */
    Read get(UUID id) {
        return cache.get(id, this::load);
    }

    /** Forgets the campaign, so the next read loads it again: call once a change to it is committed. */
    public void changed(UUID id) {
        cache.invalidate(id);
    }

    private Read load(UUID id) {
        CampaignView view = CampaignView.of(campaigns.get(id), currency);
        return new Read(view, '"' + DigestUtils.md5DigestAsHex(json.writeValueAsBytes(view)) + '"');
    }
}
