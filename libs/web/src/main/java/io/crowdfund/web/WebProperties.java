package io.crowdfund.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Web settings every service shares, under {@code crowdfund.web}.
 *
 * @param maxRequestBody largest request body accepted; larger ones get a 413 problem
 * @param maxConcurrentRequests requests handled at once on a replica; more get a 503 problem with Retry-After
 */
@ConfigurationProperties("crowdfund.web")
public record WebProperties(@DefaultValue("64KB") DataSize maxRequestBody, int maxConcurrentRequests) {
}
