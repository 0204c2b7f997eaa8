package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With JWKS_REQUIRE_HTTPS a service starts only with an https JWKS URL, and says why it does not. */
class JwksTransportTests {

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(context -> new WebDefaults().postProcessEnvironment(context.getEnvironment(), null))
            .withUserConfiguration(JwksTransport.class);

    @Test
    void refusesToStartWithAPlainHttpJwksUrlWhereHttpsIsRequired() {
        service.withPropertyValues("JWKS_REQUIRE_HTTPS=true", "JWKS_URL=http://wallet-service/.well-known/jwks.json").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("JWKS_URL must be an https URL").hasMessageContaining("http://wallet-service/.well-known/jwks.json");
        });
    }

    @Test
    void refusesToStartWithTheDefaultJwksUrlWhereHttpsIsRequired() {
        service.withPropertyValues("JWKS_REQUIRE_HTTPS=true").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void refusesAnHttpsUrlWithoutAHost() {
        service.withPropertyValues("JWKS_REQUIRE_HTTPS=true", "JWKS_URL=https:/.well-known/jwks.json").run(context -> assertThat(context).hasFailed());
    }

    @Test
    void startsWithAnHttpsJwksUrlWhereHttpsIsRequired() {
        service.withPropertyValues("JWKS_REQUIRE_HTTPS=true", "JWKS_URL=https://crowdfund.example/api/.well-known/jwks.json")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void startsWithAPlainHttpJwksUrlByDefault() {
        service.withPropertyValues("JWKS_URL=http://wallet-service/.well-known/jwks.json").run(context -> assertThat(context).hasNotFailed());
    }
}
