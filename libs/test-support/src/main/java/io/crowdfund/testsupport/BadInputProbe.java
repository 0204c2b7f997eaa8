package io.crowdfund.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.crowdfund.testsupport.BadInputs.BadRequest;
import io.crowdfund.testsupport.HttpTestClient.Response;
import tools.jackson.databind.JsonNode;

/**
 * A generated bad-input test: reads a running service's OpenAPI document and sends malformed
 * requests to every operation (see {@link BadInputs}), with a user's bearer token (an operator's). Every answer must
 * be a 4xx RFC 9457 problem (never a 5xx, never HTML, never a success), documented for its operation when
 * {@link ApiContract#checksResponses() responses are checked}, and no table of the service's database may have grown.
 *
 * <pre>{@code
 * BadInputProbe.Report report = BadInputProbe.against(port, dataSource).run();
 * report.assertAllRefusedWritingNothing();
 * }</pre>
 */
public final class BadInputProbe {

    private static final Logger log = LoggerFactory.getLogger(BadInputProbe.class);
    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

    private final int port;
    private final DataSource database;
    private final Set<String> ignoredTables = new LinkedHashSet<>(Set.of("velocity.*"));

    private BadInputProbe(int port, DataSource database) {
        this.port = port;
        this.database = database;
    }

    /** A probe of the service on 127.0.0.1:{@code port} whose database is {@code database} (null: a service without one). */
    public static BadInputProbe against(int port, DataSource database) {
        return new BadInputProbe(port, database);
    }

    /**
     * Tables written by something other than requests (a consumer's inbox, a scheduler's lock), as
     * {@code schema.table} or {@code schema.*}; the velocity limits' buckets are ignored always.
     */
    public BadInputProbe ignoringTables(String... tables) {
        ignoredTables.addAll(List.of(tables));
        return this;
    }

    public Report run() {
        JsonNode document = HttpTestClient.local(port).get("/v3/api-docs", null).json();
        ApiContract contract = ApiContract.checksResponses() ? ApiContract.at("http://127.0.0.1:" + port + "/v3/api-docs") : null;
        // a user who is also an operator, so that no role check stops a request before its input is read
        List<BadRequest> requests = new BadInputs(document, TestTokens.operator(UUID.randomUUID())).all();
        Map<String, Long> before = rowCounts();
        var http = new RawHttp(port);
        var statuses = new TreeMap<Integer, Integer>();
        var failures = new ArrayList<String>();
        for (BadRequest request : requests) {
            Response response = http.send(request.method(), request.target(), request.body(), request.chunked(),
                    request.headers().toArray(String[]::new));
            statuses.merge(response.status(), 1, Integer::sum);
            String failure = failureOf(response);
            if (failure != null) {
                failures.add(request.what() + " -> " + failure);
            }
            if (contract != null) {
                contract.check(request.method(), request.target(), response).violations()
                        .forEach(violation -> failures.add(request.what() + " -> " + violation));
            }
        }
        Map<String, Long> after = rowCounts();
        var grown = new TreeMap<String, String>();
        after.forEach((table, rows) -> {
            if (rows > before.getOrDefault(table, 0L)) {
                grown.put(table, before.getOrDefault(table, 0L) + " -> " + rows);
            }
        });
        var report = new Report(document.path("info").path("title").asString("service"), requests.size(), statuses, failures, after.size(), grown);
        log.info("{}", report);
        return report;
    }

    private Map<String, Long> rowCounts() {
        return database == null ? Map.of() : RowCounts.of(database, ignoredTables);
    }

    /** Why an answer is not a 4xx problem, or null if it is one. */
    private static String failureOf(Response response) {
        String seen = response.status() + " " + response.contentType() + " " + abbreviate(response.body());
        if (response.status() < 400 || response.status() >= 500) {
            return "not a 4xx: " + seen;
        }
        if (!response.isProblem()) {
            return "not application/problem+json: " + seen;
        }
        try {
            JsonNode problem = response.json();
            if (!PROBLEM_MEMBERS.stream().allMatch(problem::has) || problem.get("status").asInt() != response.status()) {
                return "a problem without " + PROBLEM_MEMBERS + " or with another status: " + seen;
            }
        } catch (RuntimeException notJson) {
            return "a problem that is not JSON: " + seen;
        }
        return null;
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * What a probe saw: requests sent, answers per status, those that were not 4xx problems (or not as documented), and the
     * tables that grew meanwhile.
     */
    public record Report(String service, int requests, Map<Integer, Integer> statuses, List<String> failures, int tablesCounted,
            Map<String, String> grownTables) {

        public void assertAllRefusedWritingNothing() {
            assertThat(failures).as("%s: answers that were not (documented) 4xx problems", this).isEmpty();
            assertThat(grownTables).as("%s: tables written by refused requests", this).isEmpty();
        }

        @Override
        public String toString() {
            return "%s: %d bad requests, answers per status %s, %d failed%s, of %d tables counted grown %s".formatted(service, requests,
                    statuses, failures.size(), failures.isEmpty() ? "" : " (" + String.join("; ", failures.subList(0, Math.min(40, failures.size()))) + ")",
                    tablesCounted, grownTables);
        }
    }
}
