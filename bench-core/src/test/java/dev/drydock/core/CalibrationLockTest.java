package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.ConfigurationException;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.TestSummary;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.config.Suite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationLockTest {
    @TempDir
    Path temp;

    private static RepositoryDefinition repository(String coverageCommand) {
        Suite suite = Drydock.builder().env(Map.<String, String>of()::get).build().load("""
                runs: [{agents: [noop], repositories: [mine]}]
                repositories:
                  mine: {url: ../mine, platform: python, coverage-command: '%s'}
                """.formatted(coverageCommand), Path.of("/configs/suite.yaml"));
        return suite.repositories().get("mine");
    }

    private static CalibrationLock.Entry entry(String commit, RepositoryDefinition repository) {
        return new CalibrationLock.Entry("../mine", commit, CalibrationLock.recipeHash(repository), "2026-11-24T00:00:00Z",
                "test", new TestSummary(3, 2, 1, 0, 0), new CoverageSummary(10, 20, 1, 4), 1500, List.of("src/mine.py"));
    }

    @Test
    void liesNextToTheConfiguration() {
        assertThat(CalibrationLock.fileFor(Path.of("examples/test-running.yaml")))
                .isEqualTo(Path.of("examples/test-running.lock.json"));
    }

    @Test
    void roundTripsAndIsValidOnlyForTheSameCommitAndRecipe() {
        RepositoryDefinition mine = repository("pytest --cov");
        Path file = temp.resolve("suite.lock.json");
        CalibrationLock.EMPTY.with("mine", entry("abc", mine)).write(file);

        CalibrationLock read = CalibrationLock.read(file);
        assertThat(read.repositories()).containsOnlyKeys("mine");
        assertThat(read.valid("mine", "abc", mine)).contains(entry("abc", mine));
        assertThat(read.valid("mine", "def", mine)).as("another commit").isEmpty();
        assertThat(read.valid("mine", "abc", repository("pytest"))).as("another recipe").isEmpty();
        assertThat(read.valid("other", "abc", mine)).isEmpty();
        assertThat(read.valid("mine", "abc", mine).orElseThrow().reference("lock").tests().failed()).isEqualTo(1);
        assertThat(read.valid("mine", "abc", mine).orElseThrow().reference("lock").files()).containsExactly("src/mine.py");
    }

    @Test
    void aLockWrittenBeforeFilesWereKeptReadsAsUnknownFiles() throws Exception {
        Path old = temp.resolve("old.lock.json");
        Files.writeString(old, """
                {"schema": 1, "repositories": {"mine": {"url": "../mine", "commit": "abc", "recipe": "r",
                  "calibratedAt": "2026-11-24T00:00:00Z", "drydock": "test",
                  "tests": {"total": 1, "passed": 1, "failed": 0, "errors": 0, "skipped": 0},
                  "coverage": {"linesCovered": 1, "linesTotal": 2, "branchesCovered": 0, "branchesTotal": 0},
                  "durationMillis": 5}}}
                """, StandardCharsets.UTF_8);
        assertThat(CalibrationLock.read(old).repositories().get("mine").files()).isEmpty();
    }

    @Test
    void aMissingFileIsEmptyAndADamagedOneANamedError() throws Exception {
        assertThat(CalibrationLock.read(temp.resolve("none.lock.json"))).isEqualTo(CalibrationLock.EMPTY);
        Path damaged = temp.resolve("damaged.lock.json");
        Files.writeString(damaged, "{\"schema\": 1, \"repositories\": {\"x\": ", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CalibrationLock.read(damaged))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(damaged.toString())
                .hasMessageContaining("not a drydock lock file");
        Path newer = temp.resolve("newer.lock.json");
        Files.writeString(newer, "{\"schema\": 99, \"repositories\": {}}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CalibrationLock.read(newer)).hasMessageContaining("schema 99 is newer");
    }
}
