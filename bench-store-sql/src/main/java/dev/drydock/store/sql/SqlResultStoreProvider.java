package dev.drydock.store.sql;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code store: {provider: sql, url: jdbc:sqlite:results/drydock-results.db}}, or a PostgreSQL URL. */
public final class SqlResultStoreProvider implements ResultStoreProvider {
    public static final String NAME = "sql";
    private static final String SQLITE = "jdbc:sqlite:";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<SqlStoreConfig> configType() {
        return SqlStoreConfig.class;
    }

    @Override
    public ResultStore create(ProviderConfig config, ProviderContext context) {
        SqlStoreConfig settings = config.bind(SqlStoreConfig.class);
        return new SqlResultStore(resolveSqlitePath(settings.url(), context.baseDirectory()), settings.user(),
                settings.password(), settings.poolSize(), settings.connectTimeout());
    }

    /**
     * A SQLite URL with its relative path resolved against {@code base} and the file's folder made;
     * other URLs as they are.
     */
    public static String resolveSqlitePath(String url, Path base) {
        if (!url.startsWith(SQLITE)) {
            return url;
        }
        String rest = url.substring(SQLITE.length());
        int query = rest.indexOf('?');
        String path = query < 0 ? rest : rest.substring(0, query);
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "the sql store needs a SQLite file path, as in jdbc:sqlite:results.db, not " + url);
        }
        Path file = base.resolve(path).toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot make the folder of " + file + ": " + e.getMessage(), e);
        }
        return SQLITE + file + (query < 0 ? "" : rest.substring(query));
    }
}
