/**
 * The {@code sql} result store: results in SQLite (a file, nothing to run) or PostgreSQL, through a
 * HikariCP pool, the schema made and migrated by Flyway. {@link dev.drydock.store.sql.SqlResultStore}
 * is also what the results server keeps its results in.
 */
@NullMarked
package dev.drydock.store.sql;

import org.jspecify.annotations.NullMarked;
