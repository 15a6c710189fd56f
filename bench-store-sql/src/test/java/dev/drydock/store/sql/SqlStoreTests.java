package dev.drydock.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.RunQuery;
import dev.drydock.testkit.ResultStoreContract;
import dev.drydock.testkit.SampleResults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The result-store contract and the SQL store's own promises, run against one database each subclass names. */
abstract class SqlStoreTests extends ResultStoreContract {
    private final Map<Path, String> urls = new java.util.concurrent.ConcurrentHashMap<>();

    /** A new, empty database for {@code folder}. */
    protected abstract String newDatabase(Path folder);

    protected String url(Path folder) {
        return urls.computeIfAbsent(folder, this::newDatabase);
    }

    @Override
    protected SqlResultStore openStore(Path folder) {
        return new SqlResultStore(url(folder), Optional.empty(), Optional.empty(), 4, Duration.ofSeconds(10));
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(url(temp));
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(rows.getObject(i)));
                }
                values.add(String.join("|", row));
            }
            return values;
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void queriedValuesHaveTheirOwnColumns() throws Exception {
        RunResult writing = SampleResults.completed("run-w", "agent-a", "repo-x", 1);
        RunResult running = SampleResults.testRunning("run-t", "agent-b", "repo-y", 2);
        try (ResultStore store = openStore(temp)) {
            store.save(writing);
            store.save(running);
        }
        assertThat(rows("SELECT run_id, benchmark, agent, agent_version, repository, platform, status, score_percent, "
                + "flags, total_tokens FROM run_results ORDER BY run_id"))
                .containsExactly(
                        "run-t|test-running|agent-b|" + running.agent().version() + "|repo-y|python|COMPLETED|"
                                + running.testRunning().orElseThrow().score().percent() + "|"
                                + running.testRunning().orElseThrow().flags().size() + "|" + running.usage().totalTokens(),
                        "run-w|test-writing|agent-a|" + writing.agent().version() + "|repo-x|python|COMPLETED|null|"
                                + writing.testWriting().orElseThrow().violations().size() + "|" + writing.usage().totalTokens());
        var delta = writing.testWriting().orElseThrow().delta().orElseThrow();
        double gain = delta.percentAfter() - delta.baseline().linePercent();
        assertThat(gain).isNotZero();
        assertThat(rows("SELECT run_id, size_class FROM run_results ORDER BY run_id")).containsExactly("run-t|null", "run-w|null");
        assertThat(Double.parseDouble(rows("SELECT coverage_gain FROM run_results WHERE run_id = 'run-w'").get(0)))
                .isCloseTo(gain, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theLeaderboardSumsFollowEveryInsertReplacementAndDelete() throws Exception {
        try (SqlResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-1", "agent-a", "repo-x", 1));
            store.save(SampleResults.completed("run-2", "agent-a", "repo-y", 2));
            store.save(SampleResults.testRunning("run-3", "agent-b", "repo-x", 3));
            store.saveAll(List.of(SampleResults.completed("run-2", "agent-b", "repo-y", 2))); // moves to agent-b
        }
        execute("DELETE FROM run_results WHERE run_id = 'run-3'");
        // the sums the triggers kept equal the sums computed from the results themselves
        String fromResults = "SELECT benchmark, agent, repository, COUNT(*), SUM(total_tokens), SUM(duration_ms), SUM(flags), "
                + "ROUND(CAST(SUM(COALESCE(coverage_gain, score_percent, 0)) AS NUMERIC), 6) FROM run_results "
                + "GROUP BY benchmark, agent, repository ORDER BY 1, 2, 3";
        String fromSums = "SELECT benchmark, agent, repository, SUM(runs), SUM(tokens), SUM(duration_ms), SUM(flags), "
                + "ROUND(CAST(SUM(measure_sum) AS NUMERIC), 6) FROM board_sums GROUP BY benchmark, agent, repository HAVING SUM(runs) > 0 ORDER BY 1, 2, 3";
        assertThat(rows(fromSums)).isEqualTo(rows(fromResults)).hasSize(2);
        assertThat(rows("SELECT SUM(runs) FROM board_sums")).containsExactly("2");
    }

    @Test
    void aStoreMigratedByANewerDrydockIsRefusedAndLeftUntouched() throws Exception {
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-1", "a", "r", 0));
        }
        execute("INSERT INTO drydock_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, "
                + "'drydock', 0, " + trueLiteral() + ")");
        List<String> before = rows("SELECT run_id, document FROM run_results");
        assertThatThrownBy(() -> openStore(temp))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("newer drydock (store schema 99, this one knows up to 2)")
                .hasMessageContaining("left untouched")
                .satisfies(e -> assertThat(((DrydockException) e).code()).isEqualTo(ErrorCode.STORE));
        assertThat(rows("SELECT run_id, document FROM run_results")).isEqualTo(before);
    }

    @Test
    void resultsOfANewerResultSchemaAreRefusedAndLeftUntouched() throws Exception {
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-1", "a", "r", 0));
        }
        execute("UPDATE drydock_store SET result_schema_version = " + (RunResult.SCHEMA_VERSION + 1));
        assertThatThrownBy(() -> openStore(temp)).isInstanceOf(DrydockException.class)
                .hasMessageContaining("holds results of a newer drydock (schema version " + (RunResult.SCHEMA_VERSION + 1));
        assertThat(rows("SELECT result_schema_version FROM drydock_store")).containsExactly(
                Integer.toString(RunResult.SCHEMA_VERSION + 1));
    }

    @Test
    void aDatabaseOfSomethingElseIsRefusedAndLeftUntouched() throws Exception {
        execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount INTEGER)");
        execute("INSERT INTO invoices VALUES (1, 100)");
        assertThatThrownBy(() -> openStore(temp)).isInstanceOf(DrydockException.class)
                .hasMessageContaining("is not a drydock store").hasMessageContaining("left untouched");
        assertThat(rows("SELECT * FROM invoices")).containsExactly("1|100");
    }

    @Test
    void aBatchIsStoredWholeOrNotAtAll() throws Exception {
        RunResult good = SampleResults.completed("run-1", "a", "r", 0);
        RunResult other = SampleResults.completed("run-2", "a", "r", 1);
        try (SqlResultStore store = openStore(temp)) {
            store.saveAll(List.of(good));
            // a constraint the second row breaks: the whole batch, the first row's replacement too, is rolled back
            execute("CREATE UNIQUE INDEX one_per_agent ON run_results (agent, suite, repository, repetition)");
            RunResult sameKey = SampleResults.completed("run-3", "a", "r", 0);
            RunResult replacement = SampleResults.completed("run-1", "b", "r", 0);
            assertThatThrownBy(() -> store.saveAll(List.of(replacement, other, sameKey))).isInstanceOf(DrydockException.class);
            assertThat(store.list(RunQuery.ALL)).containsExactly(good);
        }
    }

    @Test
    void insertingNewResultsIsIdempotentAndAConflictStoresNothing() {
        RunResult first = SampleResults.completed("run-1", "a", "r", 0);
        RunResult second = SampleResults.completed("run-2", "a", "r", 1);
        try (SqlResultStore store = openStore(temp)) {
            assertThat(store.insertNew(List.of(first, second))).isEqualTo(new SqlResultStore.Insertion(2, 0, List.of()));
            assertThat(store.insertNew(List.of(first, second))).isEqualTo(new SqlResultStore.Insertion(0, 2, List.of()));
            RunResult forged = SampleResults.completed("run-2", "b", "r", 1);
            RunResult fresh = SampleResults.completed("run-3", "a", "r", 2);
            assertThat(store.insertNew(List.of(fresh, forged))).isEqualTo(new SqlResultStore.Insertion(0, 0, List.of("run-2")));
            assertThat(store.list(RunQuery.ALL)).containsExactly(first, second);
            // the same run id twice in one batch: equal is one result, different is a conflict
            assertThat(store.insertNew(List.of(fresh, fresh))).isEqualTo(new SqlResultStore.Insertion(1, 1, List.of()));
        }
    }

    @Test
    void separateProcessesWritingAtOnceLoseNothing() throws Exception {
        try (ResultStore store = openStore(temp)) {
            store.verifyWritable(); // created; the writers race on the rows, not on the schema
        }
        int processes = 3;
        int perProcess = 40;
        List<Process> writers = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ConcurrentWriter.class.getName(), url(temp),
                    "writer" + p, Integer.toString(perProcess))
                    .redirectErrorStream(true).start());
        }
        for (Process writer : writers) {
            assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(writer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(writer.exitValue()).as(output).isZero();
        }
        try (ResultStore store = openStore(temp)) {
            assertThat(store.list(RunQuery.ALL)).hasSize(processes * perProcess);
        }
    }

    /** How the database writes a boolean literal into the history table. */
    protected abstract String trueLiteral();
}
