package io.crowdfund.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.crowdfund.web.PlainTextDeserializer.ControlCharacterInText;
import io.crowdfund.web.RequestSizeLimit.BodyTooLarge;
import jakarta.validation.ConstraintViolationException;
import tools.jackson.core.JacksonException;

/**
 * The one place HTTP errors become RFC 9457 problems. Spring MVC's own exceptions (404, 405, 415,
 * malformed JSON, type mismatches) and every {@code ErrorResponseException} a service throws come
 * through the base class; validation problems add {@code errors: [{field, message}]}; anything
 * unexpected is a logged 500 that reveals nothing.
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    /** One invalid field of a request. */
    public record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), messageOf(error)))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return validationProblem(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return validationProblem(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (causeOf(ex, BodyTooLarge.class) instanceof BodyTooLarge tooLarge) {
            return problem(ex, HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), request);
        }
        if (causeOf(ex, ControlCharacterInText.class) instanceof ControlCharacterInText text) {
            return validationProblem(List.of(new FieldProblem(fieldOf(text), ControlCharacters.MESSAGE)));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is missing or is not valid JSON of the expected shape");
        problem.setTitle("Malformed request body");
        if (causeOf(ex, JacksonException.class) instanceof JacksonException json && !json.getPath().isEmpty()) {
            problem.setProperty("errors", List.of(new FieldProblem(fieldOf(json), "has the wrong type or format")));
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldProblem> errors = ex.getConstraintViolations().stream()
                .map(violation -> new FieldProblem(leafOf(violation.getPropertyPath().toString()), violation.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return validationProblem(errors);
    }

    @ExceptionHandler(InvalidField.class)
    ResponseEntity<Object> invalidField(InvalidField ex) {
        return validationProblem(List.of(new FieldProblem(ex.field(), ex.getMessage())));
    }

    /** Tomcat could not parse the query string or form (invalid percent-encoding, too many parameters). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameters(InvalidParameterException ex, WebRequest request) {
        HttpStatus status = ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        return problem(ex, status, "The request's parameters are malformed", request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException ex, WebRequest request) {
        return problem(ex, HttpStatus.FORBIDDEN, Problems.FORBIDDEN, request);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException ex, WebRequest request) {
        return problem(ex, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("Unexpected error on {}", request.getDescription(false), ex);
        return problem(ex, HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged", request);
    }

    /** Every problem names its {@code type}: Spring leaves it out, RFC 9457's default {@code about:blank} is meant. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            problem.setType(Problems.ABOUT_BLANK);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> problem(Exception ex, HttpStatus status, String detail, WebRequest request) {
        return handleExceptionInternal(ex, ProblemDetail.forStatusAndDetail(status, detail), new HttpHeaders(), status, request);
    }

    private static ResponseEntity<Object> validationProblem(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields");
        problem.setTitle("Invalid request");
        problem.setType(Problems.ABOUT_BLANK);
        problem.setProperties(Map.of("errors", errors));
        return ResponseEntity.badRequest().body(problem);
    }

    /** A JSON body's field as the validation errors name it: {@code rewardTiers[0].title}. */
    private static String fieldOf(JacksonException ex) {
        var field = new StringBuilder();
        for (var reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static Throwable causeOf(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String leafOf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }
}
