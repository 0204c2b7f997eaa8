package io.crowdfund.closure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * closure-service settings, under {@code crowdfund.closure}.
 *
 * @param scanInterval how often due campaigns are looked for (a campaign closes within this after its deadline)
 * @param closeRetry how long a close waits for campaign-service's answer before it is asked again
 */
@ConfigurationProperties("crowdfund.closure")
public record ClosureProperties(@DefaultValue("1s") Duration scanInterval, @DefaultValue("30s") Duration closeRetry) {
}
