package io.crowdfund.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Velocity limits are wired only into a service that declares some and has a database for them. */
class VelocityAutoConfigurationTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VelocityAutoConfiguration.class));

    @Test
    void staysOutOfAServiceThatDeclaresNoLimits() {
        context.withBean(DataSource.class, () -> mock(DataSource.class))
                .run(service -> assertThat(service).doesNotHaveBean(VelocityLimits.class).doesNotHaveBean(VelocitySchema.class));
    }

    @Test
    void staysOutOfAServiceWithoutADatabase() {
        context.withPropertyValues("crowdfund.velocity.limits.pings.capacity=3", "crowdfund.velocity.limits.pings.period=1m")
                .run(service -> assertThat(service).hasNotFailed().doesNotHaveBean(VelocityLimits.class));
    }
}
