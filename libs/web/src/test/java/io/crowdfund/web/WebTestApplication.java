package io.crowdfund.web;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** A minimal service to exercise the shared web base. */
@SpringBootApplication
class WebTestApplication {

    record Thing(@NotBlank String name, @NotNull @DecimalMin(value = "0.01") @Digits(integer = 7, fraction = 2) BigDecimal amount) {
    }

    static class ThingNotFound extends ErrorResponseException {
        ThingNotFound(UUID id) {
            super(HttpStatus.NOT_FOUND);
            getBody().setTitle("Thing not found");
            getBody().setDetail("No thing " + id);
        }
    }

    @Bean
    EndpointAuthorization publicPing() {
        return requests -> requests.requestMatchers("/ping", "/client-address").permitAll();
    }

    @RestController
    static class ThingController {

        @GetMapping("/ping")
        Map<String, String> ping() {
            return Map.of("pong", "yes");
        }

        /**
         * The client's address as the service sees it (the peer's, or a trusted proxy's X-Forwarded-For) and whether the
         * request is secure (HTTPS, or a trusted proxy's X-Forwarded-Proto: https).
         */
        @GetMapping("/client-address")
        Map<String, Object> clientAddress(HttpServletRequest request) {
            return Map.of("address", request.getRemoteAddr(), "secure", request.isSecure());
        }

        @GetMapping("/me")
        Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
            return Map.of("subject", jwt.getSubject());
        }

        @GetMapping("/caller")
        Caller caller(Caller caller) {
            return caller;
        }

        @PostMapping("/things")
        Thing create(@Valid @RequestBody Thing thing) {
            return thing;
        }

        @GetMapping("/things/{id}")
        Thing find(@PathVariable UUID id) {
            throw new ThingNotFound(id);
        }

        @GetMapping("/operator/report")
        @PreAuthorize("hasRole('OPERATOR')") // method security: the document cannot derive it from the filter chain's rules
        @ApiResponse(responseCode = "200", description = "The report")
        @ApiResponse(responseCode = "403", description = "Operators only")
        Map<String, String> report() {
            return Map.of("report", "ok");
        }

        @GetMapping("/boom")
        Thing boom() {
            throw new IllegalStateException("secret internals");
        }
    }
}
