package io.crowdfund.web;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.FilterInvocation;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.method.HandlerMethod;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Completes each operation of a service's document with what the platform answers around the
 * controller, derived from the code rather than written per operation: who may call it (asked of
 * the service's own security rules), the problems every layer may answer (a malformed request, a
 * missing token, an operator-only path, an unknown id, an unacceptable or oversized body, a
 * velocity limit, a full replica), one shared {@code Problem} schema for all of them, and
 * {@code application/json} for the rest. What only one operation answers (a 409, a 422, a
 * {@code Location}) is declared on the operation with {@code @ApiResponse}.
 */
class ApiDocument implements OpenApiCustomizer, OperationCustomizer {

    static final String PROBLEM = "Problem";
    static final String BEARER = "bearer";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    private static final String SAMPLE_ID = "00000000-0000-0000-0000-000000000000";
    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("document", "anonymous",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
    private static final Authentication USER = UsernamePasswordAuthenticationToken.authenticated("document", null,
            AuthorityUtils.createAuthorityList("ROLE_USER"));

    private final ObjectProvider<SecurityFilterChain> chains;

    ApiDocument(ObjectProvider<SecurityFilterChain> chains) {
        this.chains = chains;
    }

    /** An operation with a velocity limit may answer 429. */
    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (handler.hasMethodAnnotation(VelocityLimited.class)) {
            add(operation.getResponses(), HttpStatus.TOO_MANY_REQUESTS, "The caller reached a velocity limit; try again after Retry-After");
        }
        return operation;
    }

    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas(PROBLEM, problemSchema()).addSchemas("FieldError", fieldErrorSchema());
        api.getComponents().getSchemas().forEach((name, schema) -> {
            if (name.startsWith("PagedModel")) { // Spring Data's page: always both members
                schema.setRequired(List.of("content", "page"));
            }
        });
        AuthorizationManager<HttpServletRequest> rules = authorizationRules();
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String sample = path.replaceAll("\\{[^}]+}", SAMPLE_ID);
            boolean anonymous = rules == null || granted(rules, ANONYMOUS, method, sample);
            boolean users = rules == null || granted(rules, USER, method, sample);
            complete(operation, path, anonymous, users);
        }));
    }

    private static void complete(Operation operation, String path, boolean anonymous, boolean users) {
        ApiResponses responses = operation.getResponses();
        boolean body = operation.getRequestBody() != null;
        boolean input = body || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        operation.setSecurity(anonymous ? null : List.of(new SecurityRequirement().addList(BEARER)));
        add(responses, HttpStatus.BAD_REQUEST, input ? "The request is invalid; `errors` names each invalid field"
                : "The request is malformed (a query string that is not percent-encoded, a control character in a header)");
        add(responses, HttpStatus.UNAUTHORIZED, anonymous ? "The bearer token sent is not valid (this operation needs none)"
                : "A valid bearer token is required");
        if (!users) {
            add(responses, HttpStatus.FORBIDDEN, "Only an operator may do this");
        }
        if (path.contains("{")) {
            add(responses, HttpStatus.NOT_FOUND, "Nothing exists at this id, or the caller may not know that it does");
        }
        add(responses, HttpStatus.NOT_ACCEPTABLE, "The request accepts no representation the API answers (application/json)");
        if (body) {
            add(responses, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large");
            add(responses, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request body is not application/json");
        }
        add(responses, HttpStatus.SERVICE_UNAVAILABLE, "The replica is at its limit of concurrent requests; try again after Retry-After");
        responses.forEach((status, response) -> describe(status, response));
        operation.setResponses(sorted(responses));
    }

    /** Errors are problems with a {@code Retry-After} where the client should wait; the rest is JSON (or what the operation declared). */
    private static void describe(String status, ApiResponse response) {
        int code = Integer.parseInt(status);
        if (code >= 400) {
            response.setContent(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    new io.swagger.v3.oas.models.media.MediaType().schema(new JsonSchema().$ref(PROBLEM_REF))));
        } else if (response.getContent() != null && response.getContent().containsKey(MediaType.ALL_VALUE)) {
            var content = response.getContent().remove(MediaType.ALL_VALUE);
            response.getContent().addMediaType(MediaType.APPLICATION_JSON_VALUE, content);
        }
        if (code == HttpStatus.TOO_MANY_REQUESTS.value() || code == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.addHeaderObject("Retry-After", new Header().required(true).description("seconds to wait before trying again")
                    .schema(new JsonSchema().types(Set.of("integer")).minimum(BigDecimal.ONE)));
        }
    }

    private static void add(ApiResponses responses, HttpStatus status, String description) {
        responses.computeIfAbsent(Integer.toString(status.value()), code -> new ApiResponse().description(description));
    }

    private static ApiResponses sorted(ApiResponses responses) {
        var byStatus = new TreeMap<String, ApiResponse>(responses);
        var ordered = new ApiResponses();
        byStatus.forEach(ordered::addApiResponse);
        return ordered;
    }

    private AuthorizationManager<HttpServletRequest> authorizationRules() {
        return chains.orderedStream().flatMap(chain -> chain.getFilters().stream())
                .filter(AuthorizationFilter.class::isInstance).map(filter -> ((AuthorizationFilter) filter).getAuthorizationManager())
                .findFirst().orElse(null);
    }

    private static boolean granted(AuthorizationManager<HttpServletRequest> rules, Authentication who, PathItem.HttpMethod method,
            String path) {
        Supplier<Authentication> caller = () -> who;
        AuthorizationResult result = rules.authorize(caller, new SampleRequest(new FilterInvocation(path, method.name()).getHttpRequest()));
        return result == null || result.isGranted();
    }

    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new JsonSchema().types(Set.of("string")).format("uri-reference")
                .description("what kind of problem; about:blank when the status says it all").example("about:blank"));
        properties.put("title", new JsonSchema().types(Set.of("string")).description("a short summary of the kind").example("Invalid request"));
        properties.put("status", new JsonSchema().types(Set.of("integer")).description("the HTTP status").example(400));
        properties.put("detail", new JsonSchema().types(Set.of("string")).description("what went wrong, for a person")
                .example("The request has invalid fields"));
        properties.put("instance", new JsonSchema().types(Set.of("string")).format("uri-reference").description("the request's path")
                .example("/pledges"));
        properties.put("errors", new JsonSchema().types(Set.of("array")).description("the invalid fields (400 only)")
                .items(new JsonSchema().$ref("#/components/schemas/FieldError")));
        return new JsonSchema().types(Set.of("object")).description("An RFC 9457 problem: every error of every layer has this shape")
                .properties(properties).required(List.of("type", "title", "status", "detail", "instance"));
    }

    private static Schema<?> fieldErrorSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("field", new JsonSchema().types(Set.of("string")).description("the field, parameter or header").example("amount"));
        properties.put("message", new JsonSchema().types(Set.of("string")).example("must be greater than 0"));
        return new JsonSchema().types(Set.of("object")).properties(properties).required(List.of("field", "message"));
    }

    /** The security rules read request attributes (the parsed path); a path alone has none, so keep them here. */
    private static final class SampleRequest extends HttpServletRequestWrapper {

        private final Map<String, Object> attributes = new HashMap<>();

        SampleRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            attributes.remove(name);
        }
    }
}
