package dev.drydock.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.testkit.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same tests on a real PostgreSQL cluster started for this class. */
class PostgresResultStoreTest extends SqlStoreTests {
    private static PostgresCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected String newDatabase(Path folder) {
        return cluster.createDatabase();
    }

    @Override
    protected String trueLiteral() {
        return "true";
    }

    @Test
    void anUnreachableServerIsReportedWithoutItsPassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/none?password=hunter2";
        assertThatThrownBy(() -> new SqlResultStore(url, Optional.of("drydock"), Optional.empty(), 1, Duration.ofMillis(500)))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("cannot connect to jdbc:postgresql://127.0.0.1:1/none?password=******")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theClusterRunsAsAnotherUserThanRoot() throws Exception {
        assertThat(url(temp)).contains("127.0.0.1:" + cluster.port());
        try (SqlResultStore store = openStore(temp); var connection = store.dataSource().getConnection();
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT current_setting('data_directory')")) {
            rows.next();
            Path data = Path.of(rows.getString(1));
            assertThat(java.nio.file.Files.getOwner(data).getName()).isNotEqualTo("root");
        }
    }
}
