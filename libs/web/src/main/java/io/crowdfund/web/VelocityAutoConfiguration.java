package io.crowdfund.web;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;

/**
 * {@link VelocityLimits} for a service that declares limits under {@code crowdfund.velocity.limits}
 * and has a DataSource: Bucket4j's PostgreSQL backend on the kit's own {@code velocity} schema, and
 * the {@link VelocityLimited} controller methods put under their limits. Without declared limits the
 * annotation does nothing.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"})
@ConditionalOnClass({Bucket4jPostgreSQL.class, org.flywaydb.core.Flyway.class})
@ConditionalOnBean(DataSource.class)
@Conditional(VelocityAutoConfiguration.LimitsDeclared.class)
@EnableConfigurationProperties(VelocityProperties.class)
public class VelocityAutoConfiguration {

    @Bean
    VelocitySchema velocitySchema(DataSource dataSource) {
        return new VelocitySchema(dataSource);
    }

    @Bean
    PostgreSQLSelectForUpdateBasedProxyManager<String> velocityBuckets(VelocitySchema schema, DataSource dataSource) {
        return VelocityLimits.bucketsIn(dataSource);
    }

    @Bean
    VelocityLimits velocityLimits(PostgreSQLSelectForUpdateBasedProxyManager<String> velocityBuckets, VelocityProperties properties) {
        return new VelocityLimits(velocityBuckets, properties);
    }

    @Bean
    VelocityBucketCleaner velocityBucketCleaner(PostgreSQLSelectForUpdateBasedProxyManager<String> velocityBuckets, VelocityProperties properties) {
        return new VelocityBucketCleaner(velocityBuckets, properties.cleanupInterval());
    }

    /** Puts the {@link VelocityLimited} controller methods under their limits. */
    @Bean
    static VelocityLimitedMethods velocityLimitedMethods(ObjectProvider<VelocityLimits> limits) {
        return new VelocityLimitedMethods(limits);
    }

    /** Matches when at least one limit is declared under {@code crowdfund.velocity.limits}. */
    static class LimitsDeclared extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean declared = Binder.get(context.getEnvironment())
                    .bind("crowdfund.velocity.limits", Bindable.mapOf(String.class, Object.class))
                    .map(limits -> !limits.isEmpty()).orElse(false);
            return declared ? ConditionOutcome.match("velocity limits declared")
                    : ConditionOutcome.noMatch("no crowdfund.velocity.limits declared");
        }
    }
}
