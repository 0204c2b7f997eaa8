package io.crowdfund.web;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet error page, in place of Boot's: whatever fails before Spring MVC's exception handling
 * (Tomcat refusing a path or a parameter, an exception out of a filter) is answered as an RFC 9457
 * problem too, whatever the client accepts, never as an HTML page or Boot's error map.
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status = statusOf(request);
        if (status.is5xxServerError()) {
            log.error("Unexpected error on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
        }
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        Problems.write(response, status, Problems.detailOf(status), (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    }

    /** The error's status; a direct request for the error page finds nothing there. */
    private static HttpStatus statusOf(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            return HttpStatus.NOT_FOUND;
        }
        HttpStatus status = HttpStatus.resolve(code);
        return status == null || status.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
