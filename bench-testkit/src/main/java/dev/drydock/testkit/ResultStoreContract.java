package dev.drydock.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.RunResult;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.RunQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link dev.drydock.spi.ResultStoreProvider} must do. A store's test extends this class
 * and implements {@link #openStore(Path)}, which must open the same store again for the same folder.
 * A store that does something differently by design declares it in {@link #deviations()}; the kit
 * then checks the documented behaviour instead.
 */
public abstract class ResultStoreContract {
    /** What a store does differently from the SPI's description, on purpose and documented. */
    public enum Deviation {
        /** Results are immutable once stored (a shared results server): saving a different result under a stored run id fails with {@code STORE} and the first stays. */
        FIRST_RESULT_WINS
    }

    @TempDir
    protected Path temp;

    protected abstract ResultStore openStore(Path folder);

    protected java.util.Set<Deviation> deviations() {
        return java.util.Set.of();
    }

    @Test
    void savedResultComesBackEqual() {
        RunResult result = SampleResults.completed("run-1", "agent-a", "repo-x", 0);
        try (ResultStore store = openStore(temp)) {
            store.save(result);
            assertThat(store.find("run-1")).contains(result);
            assertThat(store.find("missing")).isEmpty();
        }
    }

    @Test
    void testRunningResultComesBackEqual() {
        RunResult result = SampleResults.testRunning("run-t", "agent-a", "repo-x", 1);
        try (ResultStore store = openStore(temp)) {
            store.save(result);
        }
        try (ResultStore store = openStore(temp)) {
            assertThat(store.find("run-t")).contains(result);
        }
    }

    @Test
    void resultsSurviveReopening() {
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-1", "agent-a", "repo-x", 0));
        }
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-2", "agent-b", "repo-x", 1));
        }
        try (ResultStore store = openStore(temp)) {
            assertThat(store.list(RunQuery.ALL)).extracting(RunResult::runId).containsExactly("run-1", "run-2");
        }
    }

    @Test
    void savingARunIdAgainReplacesIt() {
        try (ResultStore store = openStore(temp)) {
            RunResult first = SampleResults.completed("run-1", "agent-a", "repo-x", 0);
            store.save(first);
            store.save(first); // the same result again is always fine
            RunResult replacement = SampleResults.completed("run-1", "agent-b", "repo-x", 0);
            if (deviations().contains(Deviation.FIRST_RESULT_WINS)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.save(replacement))
                        .isInstanceOf(dev.drydock.api.DrydockException.class)
                        .satisfies(e -> assertThat(((dev.drydock.api.DrydockException) e).code()).isEqualTo(dev.drydock.api.ErrorCode.STORE));
                assertThat(store.list(RunQuery.ALL)).containsExactly(first);
            } else {
                store.save(replacement);
                assertThat(store.list(RunQuery.ALL)).containsExactly(replacement);
            }
        }
    }

    @Test
    void listFiltersOldestFirstAndLimitsToTheNewest() {
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-3", "agent-a", "repo-y", 3));
            store.save(SampleResults.completed("run-1", "agent-a", "repo-x", 1));
            store.save(SampleResults.completed("run-2", "agent-b", "repo-x", 2));
            assertThat(store.list(RunQuery.ALL)).extracting(RunResult::runId).containsExactly("run-1", "run-2", "run-3");
            RunQuery agentA = new RunQuery(Optional.empty(), Optional.of("agent-a"), Optional.empty(), 0);
            assertThat(store.list(agentA)).extracting(RunResult::runId).containsExactly("run-1", "run-3");
            RunQuery repoX = new RunQuery(Optional.of("suite"), Optional.empty(), Optional.of("repo-x"), 1);
            assertThat(store.list(repoX)).extracting(RunResult::runId).containsExactly("run-2");
        }
    }

    @Test
    void listFiltersByBenchmarkPlatformAndStartAndPagesBackwards() {
        try (ResultStore store = openStore(temp)) {
            for (int i = 1; i <= 5; i++) {
                store.save(SampleResults.completed("run-" + i, "agent-a", "repo-x", i));
            }
            store.save(SampleResults.testRunning("run-t", "agent-a", "repo-x", 6));
            assertThat(store.list(RunQuery.ALL.withBenchmark("test-running"))).extracting(RunResult::runId).containsExactly("run-t");
            assertThat(store.list(RunQuery.ALL.withPlatform("python"))).hasSize(6);
            assertThat(store.list(RunQuery.ALL.withPlatform("rust"))).isEmpty();
            RunResult third = store.find("run-3").orElseThrow();
            assertThat(store.list(RunQuery.ALL.withSince(third.startedAt()))).extracting(RunResult::runId)
                    .containsExactly("run-3", "run-4", "run-5", "run-t");
            // paging newest first: each page ends where the next one starts
            RunQuery page = RunQuery.ALL.withBenchmark("test-writing").withLimit(2);
            List<RunResult> newest = store.list(page);
            assertThat(newest).extracting(RunResult::runId).containsExactly("run-4", "run-5");
            List<RunResult> next = store.list(page.withBefore(RunQuery.Position.of(newest.get(0))));
            assertThat(next).extracting(RunResult::runId).containsExactly("run-2", "run-3");
            List<RunResult> last = store.list(page.withBefore(RunQuery.Position.of(next.get(0))));
            assertThat(last).extracting(RunResult::runId).containsExactly("run-1");
        }
    }

    @Test
    void resultsStartingAtTheSameInstantAreOrderedByRunId() {
        try (ResultStore store = openStore(temp)) {
            store.save(SampleResults.completed("run-b", "agent-a", "repo-x", 1));
            store.save(SampleResults.completed("run-c", "agent-a", "repo-x", 1));
            store.save(SampleResults.completed("run-a", "agent-a", "repo-x", 1));
            assertThat(store.list(RunQuery.ALL)).extracting(RunResult::runId).containsExactly("run-a", "run-b", "run-c");
            RunResult b = store.find("run-b").orElseThrow();
            assertThat(store.list(RunQuery.ALL.withBefore(RunQuery.Position.of(b)))).extracting(RunResult::runId)
                    .containsExactly("run-a");
        }
    }

    @Test
    void concurrentSavesLoseNothing() throws Exception {
        int writers = 4;
        int perWriter = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    // each writer its own store instance, as separate processes would have
                    try (ResultStore store = openStore(temp)) {
                        for (int i = 0; i < perWriter; i++) {
                            store.save(SampleResults.completed("run-" + writer + "-" + i, "agent-" + writer, "repo", i));
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (ResultStore store = openStore(temp)) {
            assertThat(store.list(RunQuery.ALL)).hasSize(writers * perWriter);
        }
    }
}
