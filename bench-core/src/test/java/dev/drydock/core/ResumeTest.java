package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.core.config.Suite;
import dev.drydock.spi.RunQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --resume} and the run journal, on {@link ShellProject} with the real local workspace and JSON store. */
class ResumeTest {
    @TempDir
    Path temp;

    private Drydock drydock;
    private Suite suite;

    @BeforeEach
    void setUp() {
        ShellProject.create(temp.resolve("project"));
        drydock = Drydock.builder().cacheDirectory(temp.resolve("cache")).env(Map.<String, String>of()::get).build();
        suite = suite("exit 3"); // the broken agent's setup fails: an infrastructure failure
    }

    private Suite suite(String brokenSetup) {
        return drydock.load("""
                name: resumable
                workspace: {provider: local, root: workspaces}
                store: {provider: json, path: results.json}
                runs:
                  - agents: [noop, broken]
                    repositories: [shell-project]
                    repetitions: 2
                platforms:
                %s
                agents:
                  noop: {template: noop}
                  broken:
                    setup: "%s"
                    command: "true"
                repositories:
                  shell-project:
                    url: project
                    platform: shell
                    targets: [{file: src/lib.txt, test-file: tests/new.lines}]
                """.formatted(ShellProject.PLATFORM, brokenSetup), temp.resolve("suite.yaml"));
    }

    private record Seen(List<String> started, List<String> skipped, List<String> interrupted) implements RunListener {
        Seen() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        @Override
        public void runStarted(RunPlan plan, int index, int total) {
            started.add(plan.agentName() + "#" + plan.repetition());
        }

        @Override
        public void runSkipped(RunPlan plan, RunResult stored, int index, int total) {
            skipped.add(plan.agentName() + "#" + plan.repetition());
        }

        @Override
        public void interruptedRunRecorded(RunResult result) {
            interrupted.add(result.runId());
        }
    }

    @Test
    void aResumeSkipsJudgedRunsAndRunsInfrastructureFailuresAgain() {
        List<RunResult> first = drydock.run(suite, RunSelection.ALL, RunListener.NONE);
        assertThat(first).extracting(RunResult::status).containsExactly(RunStatus.COMPLETED, RunStatus.COMPLETED,
                RunStatus.INFRASTRUCTURE_FAILED, RunStatus.INFRASTRUCTURE_FAILED);

        // the setup fixed, the suite resumed: only the failed runs run again
        suite = suite("true");
        Seen seen = new Seen();
        List<RunResult> resumed = drydock.run(suite, new RunSelection(Optional.empty(), Optional.empty(), true), seen);

        assertThat(seen.started()).containsExactly("broken#1", "broken#2");
        assertThat(seen.skipped()).containsExactly("noop#1", "noop#2");
        assertThat(resumed).hasSize(4).extracting(RunResult::status).containsOnly(RunStatus.COMPLETED);
        // the skipped ones are the stored results themselves, not copies under new ids
        assertThat(resumed.get(0).runId()).isEqualTo(first.get(0).runId());
        assertThat(drydock.list(suite, RunQuery.ALL)).hasSize(6); // the failures stay on record

        Seen again = new Seen();
        drydock.run(suite, new RunSelection(Optional.empty(), Optional.empty(), true), again);
        assertThat(again.started()).isEmpty();
        assertThat(again.skipped()).hasSize(4);
        assertThat(drydock.list(suite, RunQuery.ALL)).hasSize(6);
    }

    @Test
    void aRunWhoseDrydockDiedIsRecordedAsInterruptedWhenTheSuiteNextRuns() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path journal = temp.resolve("cache/runs-in-progress");
        Files.createDirectories(journal);
        Files.writeString(journal.resolve("20261130-lost.json"), """
                {"runId": "20261130-lost", "configuration": "%s", "pid": %d, "suite": "resumable",
                 "benchmark": "test-writing", "agent": "noop", "agentVersion": "", "repository": "shell-project",
                 "url": "project", "commit": "unresolved", "platform": "shell", "target": "src/lib.txt", "repetition": 1,
                 "startedAt": "2026-11-30T09:00:00Z"}
                """.formatted(temp.resolve("suite.yaml"), gone.pid()));
        // a run of another configuration, or of a drydock still alive, is not ours to record
        Files.writeString(journal.resolve("20261130-other.json"), """
                {"runId": "20261130-other", "configuration": "/elsewhere/suite.yaml", "pid": %d, "suite": "x",
                 "benchmark": "test-writing", "agent": "noop", "agentVersion": "", "repository": "r", "url": "u",
                 "commit": "c", "platform": "p", "target": "", "repetition": 1, "startedAt": "2026-11-30T09:00:00Z"}
                """.formatted(gone.pid()));

        Seen seen = new Seen();
        drydock.run(suite, new RunSelection(Optional.of("noop"), Optional.empty(), false), seen);

        assertThat(seen.interrupted()).containsExactly("20261130-lost");
        RunResult lost = drydock.find(suite, "20261130-lost").orElseThrow();
        assertThat(lost.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(lost.error().orElseThrow().code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(lost.error().orElseThrow().message()).contains("process " + gone.pid());
        assertThat(lost.target()).contains("src/lib.txt");
        assertThat(journal.resolve("20261130-lost.json")).doesNotExist();
        assertThat(journal.resolve("20261130-other.json")).exists();
        // finished runs leave no journal behind
        try (var left = Files.list(journal)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("20261130-other.json");
        }
        // an interrupted run is not done: a resume runs it again
        Seen resumed = new Seen();
        drydock.run(suite, new RunSelection(Optional.of("noop"), Optional.empty(), true), resumed);
        assertThat(resumed.skipped()).containsExactly("noop#1", "noop#2");
    }
}
