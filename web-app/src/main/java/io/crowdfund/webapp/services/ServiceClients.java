package io.crowdfund.webapp.services;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every typed client of the services: the signed-in person's token as the bearer, a problem answer
 * (4xx) as a {@link ServiceProblem}, a failure (5xx) as {@link ServiceUnavailable}.
 */
@Configuration(proxyBeanMethods = false)
class ServiceClients {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    RestClientHttpServiceGroupConfigurer bearerTokensAndProblems() {
        return groups -> groups.forEachClient((group, client) -> client
                .requestInterceptor(new OnBehalfOfThePerson())
                .defaultStatusHandler(status -> status.is4xxClientError(), (request, response) -> {
                    throw problem(response);
                })
                .defaultStatusHandler(status -> status.is5xxServerError(), (request, response) -> {
                    throw new ServiceUnavailable(group.name() + "-service", new IOException("answered " + response.getStatusCode()));
                }));
    }

    static ServiceProblem problem(ClientHttpResponse response) throws IOException {
        JsonNode body = null;
        try (InputStream in = response.getBody()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            if (bytes.length > 0) {
                body = JSON.readTree(bytes);
            }
        } catch (RuntimeException notJson) {
            // a problem without a JSON body: the status alone says what happened
        }
        List<ServiceProblem.FieldError> errors = new ArrayList<>();
        if (body != null && body.path("errors").isArray()) {
            for (JsonNode error : body.path("errors")) {
                errors.add(new ServiceProblem.FieldError(error.path("field").asString(""), error.path("message").asString("")));
            }
        }
        String title = body == null ? null : text(body, "title");
        String detail = body == null ? null : text(body, "detail");
        return new ServiceProblem(response.getStatusCode(), title == null ? response.getStatusText() : title, detail, errors);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    /**
     * A call made for the person in front of the page: their token (anonymous calls such as campaign
     * pages and sign-up go without) and their address as {@code X-Forwarded-For}, so a service's
     * per-address limits count people, not this web app.
     */
    private static final class OnBehalfOfThePerson implements ClientHttpRequestInterceptor {

        @Override
        public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) throws IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof TokenBearer user
                    && !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                request.getHeaders().setBearerAuth(user.accessToken());
            }
            if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes page) {
                request.getHeaders().set("X-Forwarded-For", page.getRequest().getRemoteAddr());
            }
            return execution.execute(request, body);
        }
    }
}
