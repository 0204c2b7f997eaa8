package io.crowdfund.webapp.live;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /api/campaigns/{id}/stream} goes to {@link LiveStreamController}, not to the gateway's campaign-service
 * route: the functional routes are asked before annotated handlers, so this mapping, asked before both, hands
 * the stream's path to the annotated handler and nothing else.
 */
@Configuration(proxyBeanMethods = false)
class LiveStreamMapping {

    @Bean
    HandlerMapping liveStreamBeforeTheGateway(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping annotated) {
        return new Mapping(annotated);
    }

    private record Mapping(RequestMappingHandlerMapping annotated) implements HandlerMapping, Ordered {

        @Override
        public HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
            String path = request.getRequestURI();
            if (!path.startsWith("/api/campaigns/") || !path.endsWith("/stream")) {
                return null;
            }
            HandlerExecutionChain chain = annotated.getHandler(request);
            return chain != null && chain.getHandler() instanceof HandlerMethod method && method.getBeanType() == LiveStreamController.class
                    ? chain : null;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
