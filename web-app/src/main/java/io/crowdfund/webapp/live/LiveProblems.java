package io.crowdfund.webapp.live;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import io.crowdfund.webapp.gateway.GatewayProblems;

/** The hub's own answers when it does not stream: RFC 9457 problems as the gateway writes its own, with Retry-After. */
final class LiveProblems {

    private LiveProblems() {
    }

    /** 429: this client address holds as many streams as one may. */
    static CampaignStreamHub.Refused tooManyFromClient(String path, int limit, Duration retryAfter) {
        return refused(GatewayProblems.problem(HttpStatus.TOO_MANY_REQUESTS, "At most " + limit + " live streams may be open from one client", path),
                seconds(retryAfter));
    }

    /** 503: this web-app holds as many streams as it can. */
    static CampaignStreamHub.Refused tooManyHere(String path, Duration retryAfter) {
        return refused(GatewayProblems.problem(HttpStatus.SERVICE_UNAVAILABLE,
                "This server holds as many live streams as it can; try again shortly", path), seconds(retryAfter));
    }

    /** 502: campaign-service could not be reached for the campaign's stream. */
    static CampaignStreamHub.Refused unreachable(String path) {
        return refused(GatewayProblems.serviceUnreachable(path), GatewayProblems.RETRY_AFTER_SECONDS);
    }

    /** 400: the path names no campaign. */
    static CampaignStreamHub.Refused notACampaign(String path) {
        return new CampaignStreamHub.Refused(400, MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                GatewayProblems.JSON.writeValueAsString(GatewayProblems.problem(HttpStatus.BAD_REQUEST, "Not a campaign's id", path)), Map.of());
    }

    private static CampaignStreamHub.Refused refused(ProblemDetail problem, String retryAfterSeconds) {
        return new CampaignStreamHub.Refused(problem.getStatus(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                GatewayProblems.JSON.writeValueAsString(problem), Map.of("Retry-After", retryAfterSeconds));
    }

    private static String seconds(Duration duration) {
        return Long.toString(Math.max(1, duration.toSeconds()));
    }
}
