package io.crowdfund.webapp.site;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.boot.web.error.ErrorAttributeOptions;

import io.crowdfund.webapp.services.ServiceProblem;
import io.crowdfund.webapp.services.ServiceUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What a page shows when something fails: never a stack trace or a framework page, but a plain
 * page that says what happened and gives the trace id. A service's 401 means the token has expired:
 * the person is signed out and asked to log in again.
 */
@ControllerAdvice(annotations = Controller.class)
class ErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private final TraceIds traceIds;

    ErrorPages(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @ExceptionHandler(ServiceProblem.class)
    ModelAndView refused(ServiceProblem problem, HttpServletRequest request, HttpServletResponse response) {
        return switch (problem.status().value()) {
            case 401 -> {
                new SecurityContextLogoutHandler().logout(request, response, null);
                yield new ModelAndView("redirect:/login?expired");
            }
            case 403 -> page(HttpStatus.FORBIDDEN, "Not allowed", "This is not yours to see or change.");
            case 404 -> page(HttpStatus.NOT_FOUND, "Not found", "There is nothing here. It may never have existed.");
            default -> page(HttpStatus.valueOf(problem.status().value()), problem.title(), problem.message());
        };
    }

    @ExceptionHandler({ServiceUnavailable.class, ResourceAccessException.class})
    ModelAndView unavailable(RuntimeException e) {
        log.warn("A service is unavailable: {}", e.toString());
        return page(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable",
                "Part of the platform is not answering right now. Nothing was lost; please try again in a moment.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView failed(Exception e) {
        log.error("A page failed", e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "This is our fault, not yours. If it happens again, tell us the trace id below.");
    }

    private ModelAndView page(HttpStatus status, String title, String message) {
        var page = new ModelAndView("error", Map.of("status", status.value(), "heading", title, "message", message), status);
        String traceId = traceIds.current();
        if (traceId != null) {
            page.addObject("traceId", traceId);
        }
        return page;
    }

    /** Errors raised before a controller (an unknown page, a method not allowed) render the same page, with the trace id. */
    @Bean
    static ErrorAttributes siteErrorAttributes(TraceIds traceIds) {
        return new DefaultErrorAttributes() {
            @Override
            public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
                Map<String, Object> attributes = super.getErrorAttributes(request, options);
                String traceId = traceIds.current();
                if (traceId != null) {
                    attributes.put("traceId", traceId);
                }
                return attributes;
            }
        };
    }
}
