package io.crowdfund.web;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Migrates the velocity limits' own schema ({@code velocity}: the buckets) with its own Flyway
 * history, independent of the service's migrations in its default schema.
 */
final class VelocitySchema {

    static final String BUCKETS = "velocity.buckets";

    VelocitySchema(DataSource dataSource) {
        Flyway.configure(VelocitySchema.class.getClassLoader())
                .dataSource(dataSource)
                .schemas("velocity")
                .createSchemas(true)
                .locations("classpath:db/velocity")
                .load()
                .migrate();
    }
}
