package dev.drydock.cli;

import dev.drydock.api.Secret;
import dev.drydock.server.ServerSettings;
import dev.drydock.store.sql.SqlResultStore;
import dev.drydock.store.sql.SqlResultStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --database URL [--database-user NAME]}, the password from {@code DRYDOCK_DATABASE_PASSWORD}: the results database. */
final class DatabaseOptions {
    static final String PASSWORD_VARIABLE = "DRYDOCK_DATABASE_PASSWORD";

    @Option(names = "--database", required = true, paramLabel = "URL",
            description = "jdbc:sqlite:PATH (relative to the current folder) or jdbc:postgresql://HOST[:PORT]/DATABASE")
    String url;

    @Option(names = "--database-user", paramLabel = "NAME", description = "the database user (PostgreSQL); the password comes from "
            + PASSWORD_VARIABLE)
    Optional<String> user = Optional.empty();

    String resolvedUrl() {
        return SqlResultStoreProvider.resolveSqlitePath(url, Path.of("").toAbsolutePath());
    }

    Optional<Secret> password() {
        return Optional.ofNullable(System.getenv(PASSWORD_VARIABLE)).filter(value -> !value.isEmpty()).map(Secret::of);
    }

    SqlResultStore open() {
        return new SqlResultStore(resolvedUrl(), user, password(), 2, Duration.ofSeconds(10));
    }

    ServerSettings serverSettings() {
        ServerSettings defaults = ServerSettings.defaults(resolvedUrl());
        return new ServerSettings(defaults.databaseUrl(), user, password(), defaults.bind(), defaults.port(), defaults.maxBodyBytes(),
                defaults.submitsPerSecond(), defaults.concurrentUploads(), defaults.uploadTimeout());
    }
}
