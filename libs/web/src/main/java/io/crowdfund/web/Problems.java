package io.crowdfund.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.web.util.UriUtils;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security problems' texts, and a writer for RFC 9457 problems where Spring MVC's exception
 * handling does not reach (filters, the servlet error page, Tomcat's own rejections).
 */
final class Problems {

    static final String UNAUTHORIZED = "A valid bearer token is required";
    static final String FORBIDDEN = "You are not allowed to do this";
    /** RFC 9457's type of a problem that is no more than its status. */
    static final URI ABOUT_BLANK = URI.create("about:blank");

    /** As Spring MVC writes a problem: its {@code properties} as members, nothing null. */
    private static final JsonMapper JSON = JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();

    private Problems() {
    }

    static void write(HttpServletResponse response, HttpStatus status, String detail, String instance) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem(status, detail, instance));
    }

    /** The problem as JSON text, for writers that only have a character stream. */
    static String json(HttpStatus status, String detail, String instance) {
        return JSON.writeValueAsString(problem(status, detail, instance));
    }

    static ProblemDetail problem(HttpStatus status, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ABOUT_BLANK);
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(instanceOf(instance));
        return problem;
    }

    /** The request's path as a URI reference, also when the client sent one that is not (a stray {@code %}, a space). */
    static URI instanceOf(String path) {
        if (path == null || path.isEmpty()) {
            return URI.create("/");
        }
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return URI.create(UriUtils.encodePath(path, StandardCharsets.UTF_8));
        }
    }

    /** What a rejection raised before any controller means, in words that reveal nothing of the server. */
    static String detailOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request is malformed (its path, parameters, headers or body)";
            case NOT_FOUND -> "There is nothing at this path";
            case METHOD_NOT_ALLOWED -> "This method is not supported at this path";
            case NOT_ACCEPTABLE -> "No acceptable representation; the API answers application/json";
            case CONTENT_TOO_LARGE -> "The request is too large";
            case UNSUPPORTED_MEDIA_TYPE -> "The request body's media type is not supported; send application/json";
            case URI_TOO_LONG -> "The request path is too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large";
            default -> status.is5xxServerError() ? "An unexpected error occurred; it has been logged" : status.getReasonPhrase();
        };
    }
}
