package io.crowdfund.webapp.gateway;

import java.io.IOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The gateway's own answers are RFC 9457 problems like the services': a path under {@code /api} that
 * no service serves is a 404, and a service that cannot be reached is a 502 with {@code Retry-After}
 * ({@link GatewayProblems}, which the API document shows too).
 */
@Configuration(proxyBeanMethods = false)
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /**
     * After every service's route: what is left under /api is not part of the API. Its own handler mapping, ordered
     * after the one holding the gateway's routes (a RouterFunction bean would tie with the gateway's composite route,
     * both unordered, and could be asked first) and before the static resources' catch-all {@code /**}.
     */
    @Bean
    HandlerMapping apiNotFound() {
        HttpRequestHandler notFound = (request, response) -> write(response, GatewayProblems.notFound(request.getRequestURI()));
        return new SimpleUrlHandlerMapping(Map.of("/api/**", notFound), Ordered.LOWEST_PRECEDENCE - 10);
    }

    @Bean
    HandlerExceptionResolver serviceUnreachable() {
        return new Resolver();
    }

    private static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        GatewayProblems.JSON.writeValue(response.getOutputStream(), problem);
    }

    private static final class Resolver implements HandlerExceptionResolver, Ordered {

        @Override
        public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
            if (!request.getRequestURI().startsWith("/api/") || response.isCommitted()) {
                return null;
            }
            boolean unreachable = e instanceof ResourceAccessException || e.getCause() instanceof IOException;
            try {
                if (unreachable) {
                    log.warn("The gateway could not reach a service for {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
                    response.setHeader("Retry-After", GatewayProblems.RETRY_AFTER_SECONDS);
                    write(response, GatewayProblems.serviceUnreachable(request.getRequestURI()));
                } else {
                    log.error("The gateway failed on {} {}", request.getMethod(), request.getRequestURI(), e);
                    write(response, GatewayProblems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "The gateway failed; this is a bug",
                            request.getRequestURI()));
                }
            } catch (IOException | RuntimeException gone) {
                log.debug("Could not write the problem", gone);
            }
            return new ModelAndView();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
