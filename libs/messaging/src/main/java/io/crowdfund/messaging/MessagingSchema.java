package io.crowdfund.messaging;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Migrates the kit's own schema ({@code messaging}) with its own Flyway history, independent of the
 * service's migrations in its default schema.
 */
public final class MessagingSchema {

    MessagingSchema(DataSource dataSource) {
        Flyway.configure(MessagingSchema.class.getClassLoader())
                .dataSource(dataSource)
                .schemas("messaging")
                .createSchemas(true)
                .locations("classpath:db/messaging")
                .load()
                .migrate();
    }
}
