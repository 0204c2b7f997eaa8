package io.crowdfund.pledge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.crowdfund.web.VelocityProperties;

/**
 * pledge-service settings, under {@code crowdfund.pledge}.
 *
 * @param stepTimeout how long a saga step may wait for its reply before it is asked again
 * @param maxAttempts how often a forward step (reserve, claim) is asked before the saga compensates
 * @param scanInterval how often waiting sagas are looked for
 * @param maxWait the longest {@code Prefer: wait} honoured
 * @param settlementChunkSize pledges moved to COLLECTED or REFUNDED per transaction at settlement
 * @param maxWaiters requests waiting at once ({@code Prefer: wait}) on a replica; beyond it a request is
 *        answered at once (202 while pending) and its client polls, so a rush beyond capacity cannot
 *        exhaust the heap with parked requests
 * @param intakeWriters transactions writing new pledges at once on a replica
 * @param intakeBatch the most pledge requests written in one transaction
 * @param settlementScanInterval how often closed campaigns' pledges still to settle are looked for
 * @param pledgesPerBacker the pledges one backer may make in a period, shared by every replica (capacity 0: no limit)
 */
@ConfigurationProperties("crowdfund.pledge")
public record PledgeProperties(Duration stepTimeout, int maxAttempts,
        Duration scanInterval, @DefaultValue("10s") Duration maxWait, int settlementChunkSize,
        int maxWaiters, int intakeWriters, int intakeBatch,
        Duration settlementScanInterval, VelocityProperties.Limit pledgesPerBacker) {
}
