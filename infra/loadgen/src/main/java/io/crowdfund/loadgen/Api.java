package io.crowdfund.loadgen;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The platform's public HTTP API as a gateway client uses it: blocking calls on the caller's
 * virtual thread over pooled keep-alive connections (Apache HttpClient's classic client). At 500
 * pledges/s the generator spends 0.35-0.37 ms of CPU per pledge this way against 0.50-0.53 ms with
 * the JDK's HttpClient, whose asynchronous stages hand every exchange between threads: CPU the stack
 * under test, on the same machine, gets back.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** The services' base URLs; one may carry a path, as the gateway's {@code http://localhost:8080/api} does. */
    record Endpoints(URI wallet, URI campaign, URI pledge, URI notification) {

        /** Every service through one gateway, which sends {@code <gateway>/<path>} to the owning service's {@code /<path>}. */
        static Endpoints gateway(URI gateway) {
            return new Endpoints(gateway, gateway, gateway, gateway);
        }
    }

    /** An answer: its status, its JSON body (missing if none or not JSON) and its Location header. */
    record Reply(int status, JsonNode body, String location) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final Endpoints endpoints;
    /** No automatic retries or redirects: a resend is the caller's decision, with its Idempotency-Key. */
    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(Integer.MAX_VALUE).setMaxConnPerRoute(Integer.MAX_VALUE)
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                            // a connection the server closed while idle is found before a request is sent on it
                            .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                    .build())
            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofSeconds(60)).build())
            .disableAutomaticRetries().disableRedirectHandling().disableCookieManagement().disableContentCompression()
            .build();

    Api(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    Endpoints endpoints() {
        return endpoints;
    }

    Reply send(String method, URI base, String path, String token, Object body, String... headers) {
        URI uri = at(base, path);
        var request = ClassicRequestBuilder.create(method).setUri(uri);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        if (body != null) {
            request.setEntity(JSON.writeValueAsBytes(body), ContentType.APPLICATION_JSON);
        }
        try {
            return http.execute(request.build(), response -> {
                byte[] content = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
                Header location = response.getFirstHeader("Location");
                return new Reply(response.getCode(), content.length == 0 ? MissingNode.getInstance() : parse(content),
                        location == null ? null : location.getValue());
            });
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + ": " + e, e);
        }
    }

    /** {@code path} (absolute, "/users") under {@code base}, keeping the base's own path ("/api"), which {@code resolve} would drop. */
    static URI at(URI base, String path) {
        String root = base.toString();
        return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return MissingNode.getInstance();
        }
    }

    /** Registers a user and returns their token; a throttled login waits as Retry-After says. */
    String registerAndLogin(String username, String password) {
        Reply created = send("POST", endpoints.wallet(), "/users", null,
                Map.of("username", username, "email", username + "@loadgen.invalid", "password", password));
        if (created.status() != 201 && created.status() != 409) {
            throw new IllegalStateException("registering " + username + ": " + created.status() + " " + created.body());
        }
        return login(username, password);
    }

    String login(String username, String password) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Reply token = send("POST", endpoints.wallet(), "/auth/token", null, Map.of("username", username, "password", password));
            if (token.status() == 200) {
                return token.body().get("accessToken").asString();
            }
            if (token.status() != 429) {
                throw new IllegalStateException("login of " + username + ": " + token.status() + " " + token.body());
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        throw new IllegalStateException("login of " + username + " stayed throttled");
    }

    void deposit(String token, BigDecimal amount, String idempotencyKey) {
        Reply deposit = send("POST", endpoints.wallet(), "/wallets/me/deposits", token, Map.of("amount", amount),
                "Idempotency-Key", idempotencyKey);
        if (!deposit.ok()) {
            throw new IllegalStateException("deposit: " + deposit.status() + " " + deposit.body());
        }
    }

    JsonNode createCampaign(String ownerToken, Map<String, Object> campaign) {
        Reply created = send("POST", endpoints.campaign(), "/campaigns", ownerToken, campaign);
        if (created.status() != 201) {
            throw new IllegalStateException("creating the campaign: " + created.status() + " " + created.body());
        }
        return created.body();
    }

    /** The owner's choice of pledge emails: EACH, DAILY_DIGEST or OFF. */
    void choosePledgeEmails(String ownerToken, String choice) {
        Reply chosen = send("PUT", endpoints.notification(), "/notifications/preferences", ownerToken, Map.of("pledgeEmails", choice));
        if (!chosen.ok()) {
            throw new IllegalStateException("choosing pledge emails: " + chosen.status() + " " + chosen.body());
        }
    }

    JsonNode campaign(String id) {
        return send("GET", endpoints.campaign(), "/campaigns/" + id, null, null).body();
    }

    /** Requests a pledge, waiting up to {@code waitSeconds} for it to be final. */
    Reply pledge(String token, String campaignId, BigDecimal amount, String tierId, int waitSeconds, String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("campaignId", campaignId);
        body.put("amount", amount);
        body.put("rewardTierId", tierId);
        return send("POST", endpoints.pledge(), "/pledges", token, body, "Prefer", "wait=" + waitSeconds, "Idempotency-Key", idempotencyKey);
    }

    Reply getPledge(String token, String id) {
        return send("GET", endpoints.pledge(), "/pledges/" + id, token, null);
    }

    /** One page of a campaign's pledges (owner or operator), optionally of one status. */
    JsonNode pledgesOf(String token, String campaignId, String status, int page) {
        return send("GET", endpoints.pledge(), "/pledges?size=100&page=" + page + "&campaignId=" + campaignId
                + (status == null ? "" : "&status=" + status), token, null).body();
    }

    JsonNode wallet(String token) {
        return send("GET", endpoints.wallet(), "/wallets/me", token, null).body();
    }

    /** How many notifications of one event type the caller's feed holds (reads the whole feed). */
    long feedSize(String token, String eventType) {
        long count = 0;
        for (int page = 0; ; page++) {
            JsonNode feed = send("GET", endpoints.notification(), "/notifications?size=100&page=" + page, token, null).body();
            for (JsonNode notification : feed.get("content")) {
                if (eventType.equals(notification.get("eventType").asString())) {
                    count++;
                }
            }
            if (page + 1 >= feed.get("page").get("totalPages").asInt()) {
                return count;
            }
        }
    }

    JsonNode reconciliation(String operatorToken) {
        Reply report = send("GET", endpoints.wallet(), "/wallets/reconciliation", operatorToken, null);
        if (!report.ok()) {
            throw new IllegalStateException("reconciliation: " + report.status() + " " + report.body());
        }
        return report.body();
    }
}
