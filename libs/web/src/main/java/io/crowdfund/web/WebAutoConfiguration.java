package io.crowdfund.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.security.SecurityScheme;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.module.SimpleModule;

/**
 * The web base of every service: security, problems (also for what fails before a controller),
 * request size limit, text without control characters and the OpenAPI document.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({WebProperties.class, MoneyProperties.class})
@Import({PlatformSecurity.class, JwksTransport.class, ProblemHandling.class, ProblemErrorController.class})
public class WebAutoConfiguration implements WebMvcConfigurer {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class)
                .addResponseTypeToIgnore(SseEmitter.class); // a stream's operation declares its text/event-stream itself
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new PlainTextRequests()).order(Ordered.HIGHEST_PRECEDENCE);
    }

    /** Every string of a JSON body without control characters. */
    @Bean
    JacksonModule plainTextModule() {
        return new SimpleModule("crowdfund-plain-text").addDeserializer(String.class, new PlainTextDeserializer());
    }

    /**
     * An empty or blank string is not a value: Jackson would read {@code ""} (or {@code "\u0000"}, which trims to
     * nothing) as null for a UUID, a number or a date, and an optional field would silently be absent.
     */
    @Bean
    JsonMapperBuilderCustomizer blankIsNoValue() {
        return builder -> builder.withCoercionConfigDefaults(coercion -> coercion.setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
    }

    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static TomcatProblems tomcatProblems() {
        return new TomcatProblems();
    }

    /** Spring Security's strict firewall, its header checks without a regular expression ({@link StrictHeaders}). */
    @Bean
    WebSecurityCustomizer strictHeaders() {
        return web -> web.httpFirewall(StrictHeaders.firewall());
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(WebProperties properties) {
        var registration = new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestBody().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<LoadShedding> loadShedding(WebProperties properties, MeterRegistry meters) {
        var registration = new FilterRegistrationBean<>(new LoadShedding(properties.maxConcurrentRequests(), meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Every service's token decoder (Boot's from the JWKS, wallet-service's own) remembers the tokens it verified. */
    @Bean
    static BeanPostProcessor cachingJwtDecoders() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)
                        ? new CachingJwtDecoder(decoder, 10_000, Duration.ofMinutes(5), Clock.systemUTC()) : bean;
            }
        };
    }

    @Bean
    OpenAPI platformOpenApi(@Value("${spring.application.name:service}") String service) {
        return new OpenAPI()
                .info(new Info().title(service).version("v1")
                        .description("Part of the crowdfunding platform; every error is an RFC 9457 problem (application/problem+json)."))
                .servers(List.of(new Server().url("/")))
                .components(new Components().addSecuritySchemes(ApiDocument.BEARER,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")));
    }

    @Bean
    ApiDocument apiDocument(ObjectProvider<SecurityFilterChain> securityChains) {
        return new ApiDocument(securityChains);
    }

    @Bean
    NullableFields nullableFields() {
        return new NullableFields();
    }
}
