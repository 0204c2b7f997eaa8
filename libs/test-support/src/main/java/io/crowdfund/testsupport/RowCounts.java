package io.crowdfund.testsupport;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

/** The number of rows of every table of a service's database, but those named as written by others than requests. */
final class RowCounts {

    private RowCounts() {
    }

    /** Counts per {@code schema.table}; {@code ignored} holds {@code schema.table} names or {@code schema.*}. */
    static Map<String, Long> of(DataSource database, Set<String> ignored) {
        var counts = new TreeMap<String, Long>();
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            var tables = new ArrayList<String>();
            try (var rows = statement.executeQuery("""
                    select table_schema, table_name from information_schema.tables
                    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
                      and table_name <> 'flyway_schema_history'""")) {
                while (rows.next()) {
                    String schema = rows.getString(1);
                    String table = rows.getString(2);
                    if (!ignored.contains(schema + "." + table) && !ignored.contains(schema + ".*")) {
                        tables.add("\"" + schema + "\".\"" + table + "\"");
                    }
                }
            }
            for (String table : tables) {
                try (var count = statement.executeQuery("select count(*) from " + table)) {
                    count.next();
                    counts.put(table.replace("\"", ""), count.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not count the rows of the service's tables", e);
        }
        return counts;
    }
}
