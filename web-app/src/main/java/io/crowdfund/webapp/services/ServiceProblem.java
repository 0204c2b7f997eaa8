package io.crowdfund.webapp.services;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatusCode;
import org.springframework.validation.Errors;

/**
 * A service answered with an RFC 9457 problem (4xx): what the person did that the service refused,
 * shown on the page beside the field it names.
 */
public class ServiceProblem extends RuntimeException {

    private final HttpStatusCode status;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;

    public ServiceProblem(HttpStatusCode status, String title, String detail, List<FieldError> errors) {
        super(status + " " + (detail == null ? title : detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
    }

    public record FieldError(String field, String message) {
    }

    public HttpStatusCode status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** What to tell the person: the service's detail, else its title. */
    public String message() {
        return detail != null && !detail.isBlank() ? detail : title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Field errors by field name (the first message of each). */
    Map<String, String> fieldMessages() {
        return errors.stream().collect(Collectors.toMap(FieldError::field, FieldError::message, (first, second) -> first));
    }

    Optional<String> messageFor(String field) {
        return Optional.ofNullable(fieldMessages().get(field));
    }

    /**
     * Shows the refusal on the page's form: each field error beside the form field it names
     * ({@code formField} maps the service's field name to the form's), one the form has no field for,
     * or a refusal without field errors, as the form's own message.
     */
    public void showOn(Errors form, UnaryOperator<String> formField) {
        for (FieldError error : errors) {
            try {
                form.rejectValue(formField.apply(error.field()), "refused", error.message());
            } catch (RuntimeException notAFormField) {
                form.reject("refused", error.message());
            }
        }
        if (errors.isEmpty()) {
            form.reject("refused", message());
        }
    }

    public boolean is(int statusCode) {
        return status.value() == statusCode;
    }
}
