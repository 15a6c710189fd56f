package dev.drydock.store.sql;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** What differs between the databases the store supports: migrations, instants, the document's type. */
enum Dialect {
    /** A file; instants as microseconds since the epoch, the document as text. */
    SQLITE("sqlite", "?") {
        @Override
        void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
            statement.setLong(index, ChronoUnit.MICROS.between(Instant.EPOCH, instant));
        }
    },
    /** A server; instants as {@code timestamptz}, the document as {@code jsonb}. */
    POSTGRESQL("postgresql", "CAST(? AS jsonb)") {
        @Override
        void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
            statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    };

    private final String migrations;
    private final String documentParameter;

    Dialect(String migrations, String documentParameter) {
        this.migrations = migrations;
        this.documentParameter = documentParameter;
    }

    static Dialect of(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new DrydockException(ErrorCode.CONFIGURATION, "the sql store takes jdbc:sqlite:PATH or jdbc:postgresql://HOST/DATABASE, not "
                + SqlResultStore.redactUrl(url));
    }

    /** The Flyway location of this database's migrations. */
    String migrations() {
        return "classpath:db/migration/" + migrations;
    }

    /** The placeholder of the document in an insert. */
    String documentParameter() {
        return documentParameter;
    }

    abstract void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException;
}
