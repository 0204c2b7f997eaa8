package io.crowdfund.closure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * closure-service settings, under {@code crowdfund.closure}.
 *
 * @param scanInterval how often due campaigns, and closures that stopped moving, are looked for (a campaign closes
 *        within this after its deadline)
 * @param reaskAfter how long a closing or settling closure waits on its participant without any progress before the
 *        participant is asked again (and again after as long, while nothing moves)
 */
@ConfigurationProperties("crowdfund.closure")
public record ClosureProperties(Duration scanInterval, Duration reaskAfter) {

    public ClosureProperties {
        if (reaskAfter.isNegative() || reaskAfter.isZero()) {
            throw new IllegalArgumentException("crowdfund.closure.reask-after must be positive, not " + reaskAfter);
        }
    }
}
