package dev.drydock.store.sql;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.Secret;
import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the {@code sql} store.
 *
 * @param url the JDBC URL: {@code jdbc:sqlite:PATH} (a relative path is resolved against the
 *     configuration file's folder) or {@code jdbc:postgresql://HOST:PORT/DATABASE}
 * @param user the database user (PostgreSQL); may also be given in the URL
 * @param password the database password (PostgreSQL), e.g. {@code ${PGPASSWORD}}
 * @param poolSize the most connections the store holds open
 * @param connectTimeout how long to wait for a connection before the store reports the database unreachable
 */
public record SqlStoreConfig(
        @ConfigDefault("jdbc:sqlite:results/drydock-results.db") String url,
        Optional<String> user,
        Optional<Secret> password,
        @ConfigDefault("4") int poolSize,
        @ConfigDefault("10s") Duration connectTimeout) {
    public SqlStoreConfig {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool-size must be at least 1 but is " + poolSize);
        }
    }
}
