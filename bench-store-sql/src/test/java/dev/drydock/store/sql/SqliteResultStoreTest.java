package dev.drydock.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.testkit.SampleResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SqliteResultStoreTest extends SqlStoreTests {
    @Override
    protected String newDatabase(Path folder) {
        return "jdbc:sqlite:" + folder.resolve("results.db");
    }

    @Override
    protected String trueLiteral() {
        return "1";
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws Exception {
        Path file = temp.resolve("results.db");
        Files.writeString(file, "results, but not SQLite\n".repeat(100));
        assertThatThrownBy(() -> openStore(temp)).isInstanceOf(DrydockException.class)
                .hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("results, but not SQLite\n".repeat(100));
    }

    @Test
    void theDatabaseIsInWalModeSoACommitSurvivesAKilledWriter() throws Exception {
        try (SqlResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-1", "a", "r", 0));
            try (var connection = store.dataSource().getConnection(); var statement = connection.createStatement();
                    var rows = statement.executeQuery("PRAGMA journal_mode")) {
                rows.next();
                assertThat(rows.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void aRelativePathIsResolvedAgainstTheConfigurationsFolder() {
        String url = SqlResultStoreProvider.resolveSqlitePath("jdbc:sqlite:results/runs.db", temp);
        assertThat(url).isEqualTo("jdbc:sqlite:" + temp.resolve("results/runs.db"));
        assertThat(temp.resolve("results")).isDirectory();
        try (SqlResultStore store = new SqlResultStore(url, Optional.empty(), Optional.empty(), 1, Duration.ofSeconds(5))) {
            store.save(SampleResults.completed("run-1", "a", "r", 0));
        }
        assertThat(temp.resolve("results/runs.db")).isRegularFile();
        assertThatThrownBy(() -> SqlResultStoreProvider.resolveSqlitePath("jdbc:sqlite::memory:", temp))
                .hasMessageContaining("needs a SQLite file path");
        assertThatThrownBy(() -> Dialect.of("jdbc:mysql://db/x?password=hunter2"))
                .hasMessageContaining("jdbc:sqlite:PATH").hasMessageNotContaining("hunter2");
    }

    @Test
    void providerIsRegistered() {
        assertThat(ServiceLoader.load(ResultStoreProvider.class).stream().map(p -> p.get().name())).contains("sql");
    }
}
