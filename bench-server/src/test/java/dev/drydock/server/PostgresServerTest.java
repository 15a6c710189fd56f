package dev.drydock.server;

import dev.drydock.testkit.PostgresCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The same API on a real PostgreSQL cluster started for this class. */
class PostgresServerTest extends ServerTests {
    private static PostgresCluster cluster;
    private final Map<Path, String> databases = new ConcurrentHashMap<>();

    @BeforeAll
    static void startCluster() {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected void crashDatabase() {
        cluster.kill();
        cluster.restart();
    }

    @Override
    protected String databaseUrl(Path folder) {
        return databases.computeIfAbsent(folder, f -> cluster.createDatabase());
    }
}
