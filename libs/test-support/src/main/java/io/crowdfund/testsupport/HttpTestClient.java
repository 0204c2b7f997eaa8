package io.crowdfund.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP against a running service, as a gateway client would call it. Each response to an operation of the
 * service's OpenAPI document is checked against it when {@link ApiContract#checksResponses() checking is on}: a
 * response the document does not describe fails the test.
 */
public final class HttpTestClient {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final int SHOWN_BODY = 2_000;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String documentUrl;

    /**
     * A client of the service at {@code baseUrl}, described by the service's {@code /v3/api-docs} (a gateway's, at a
     * base URL ending in {@code /api}: by {@code /api/openapi.json}).
     */
    public HttpTestClient(String baseUrl) {
        this(baseUrl, baseUrl.endsWith("/api") ? baseUrl + "/openapi.json" : baseUrl + "/v3/api-docs");
    }

    private HttpTestClient(String baseUrl, String documentUrl) {
        this.baseUrl = baseUrl;
        this.documentUrl = documentUrl;
    }

    public static HttpTestClient local(int port) {
        return new HttpTestClient("http://127.0.0.1:" + port);
    }

    /** This client, its responses checked against the document at {@code documentUrl} (null: against none). */
    public HttpTestClient describedBy(String documentUrl) {
        return new HttpTestClient(baseUrl, documentUrl);
    }

    /** A GET with the token (null: none) and the headers, as name, value, name, value... */
    public Response get(String path, String token, String... headers) {
        return send(request(path, token, headers).GET());
    }

    public Response delete(String path, String token) {
        return send(request(path, token).DELETE());
    }

    public Response post(String path, String token, String body, String... headers) {
        return send(request(path, token, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String token, String body) {
        return send("PUT", path, token, "application/json", body);
    }

    public Response patch(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(String method, String path, String token, String contentType, String body) {
        var builder = request(path, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    private HttpRequest.Builder request(String path, String token, String... headers) {
        var builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpRequest sent = request.build();
            HttpResponse<String> response = http.send(sent, HttpResponse.BodyHandlers.ofString());
            return checked(sent, new Response(response.statusCode(), response.headers(), response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response checked(HttpRequest request, Response response) {
        if (documentUrl == null || !ApiContract.checksResponses()) {
            return response;
        }
        String target = request.uri().toString().substring(baseUrl.length());
        var violations = ApiContract.at(documentUrl).check(request.method(), target, response).violations();
        if (!violations.isEmpty()) {
            String body = response.body().length() > SHOWN_BODY ? response.body().substring(0, SHOWN_BODY) + "..." : response.body();
            throw new AssertionError("A response not as %s describes it:%n  %s%nto %s %s%n%d %s%n%s".formatted(documentUrl,
                    String.join(System.lineSeparator() + "  ", violations), request.method(), target, response.status(),
                    response.contentType(), body));
        }
        return response;
    }

    /** A response: status, headers and body, with the body as JSON on demand. */
    public record Response(int status, HttpHeaders headers, String body) {

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }
    }
}
