package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.CoverageSummary;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.FileChange;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.core.config.Suite;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole test-writing pipeline on {@link ShellProject} with the real local workspace, parsers and JSON store. */
class TestWritingBenchmarkTest {
    @TempDir
    Path temp;

    private Drydock drydock;
    private String commit;

    @BeforeEach
    void setUp() {
        commit = ShellProject.create(temp.resolve("project"));
        drydock = Drydock.builder()
                .cacheDirectory(temp.resolve("cache"))
                .env(Map.of("AGENT_SECRET_TOKEN", "tok-abcdef123456")::get)
                .build();
    }

    private Suite suite(String agents, String runAgents, String extraRepository) {
        String yaml = """
                name: shell-suite
                workspace: {provider: local, root: workspaces}
                store: {provider: json, path: results.json}
                runs:
                  - agents: [%s]
                    repositories: [shell-project]
                platforms:
                %s
                agents:
                %s
                repositories:
                  shell-project:
                    url: project
                    platform: shell
                    targets: [{file: src/lib.txt, test-file: tests/new.lines}]
                %s
                """.formatted(runAgents, ShellProject.PLATFORM, agents, extraRepository);
        return drydock.load(yaml, temp.resolve("suite.yaml"));
    }

    private List<RunResult> run(Suite suite) {
        List<String> steps = new ArrayList<>();
        return drydock.run(suite, RunSelection.ALL, new RunListener() {
            @Override
            public void step(RunPlan plan, String step) {
                steps.add(step);
            }
        });
    }

    @Test
    void anHonestAgentRaisesCoverageAndEverythingIsMeasuredAndStored() throws Exception {
        Suite suite = suite("""
                  writer:
                    version: "2.0"
                    command: |
                      printf '3\\n4\\n5\\n' > "$TEST_FILE_PATH"
                      echo "prompt was: $PROMPT"
                  noop: {template: noop}
                """, "writer, noop", "");
        List<RunResult> results = run(suite);
        assertThat(results).hasSize(2);

        RunResult writer = results.get(0);
        assertThat(writer.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(writer.error()).isEmpty();
        assertThat(writer.agent().version()).isEqualTo("2.0");
        assertThat(writer.repository().commit()).isEqualTo(commit);
        assertThat(writer.target()).contains("src/lib.txt");
        TestWritingOutcome outcome = writer.testWriting().orElseThrow();
        assertThat(outcome.coverageBefore()).isEqualTo(new CoverageSummary(2, 10, 0, 0));
        assertThat(outcome.coverageAfter()).contains(new CoverageSummary(5, 10, 0, 0));
        assertThat(outcome.targetBefore()).contains(new CoverageSummary(2, 10, 0, 0));
        assertThat(outcome.delta().orElseThrow().newlyCoveredLines()).isEqualTo(3);
        assertThat(outcome.testsPrecise()).isTrue();
        assertThat(outcome.tests().added()).containsExactly("shell::new");
        assertThat(outcome.tests().runs()).isEqualTo(3);
        assertThat(outcome.violations()).isEmpty();
        assertThat(outcome.targetDelta().orElseThrow().newlyCoveredLines()).isEqualTo(3);
        assertThat(outcome.tests().removed()).isEmpty();
        assertThat(outcome.modifications().files()).containsExactly(
                new FileChange("tests/new.lines", FileChange.Kind.ADDED, FileChange.Category.TEST, 3, 0, false));
        assertThat(writer.costUsd()).contains(java.math.BigDecimal.ZERO);
        assertThat(writer.agentCommand().orElseThrow().stdout()).contains("prompt was: Write unit tests for src/lib.txt in tests/new.lines");
        assertThat(writer.environment()).containsKeys("drydock", "workspace", "llm", "store");

        RunResult noop = results.get(1);
        assertThat(noop.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(noop.testWriting().orElseThrow().delta().orElseThrow().newlyCoveredLines()).isZero();
        assertThat(noop.testWriting().orElseThrow().modifications().files()).isEmpty();

        String stored = Files.readString(temp.resolve("results.json"));
        assertThat(RunResultJson.mapper().readTree(stored).get("results")).hasSize(2);
        assertThat(temp.resolve("workspaces")).isEmptyDirectory();
    }

    @Test
    void crashingHangingAndFloodingAgentsAreRecordedAndLaterRunsStillHappen() {
        Suite suite = suite("""
                  crasher:
                    command: |
                      printf '6\\n' > "$TEST_FILE_PATH"
                      echo "giving up" >&2
                      exit 3
                  hanger:
                    command: "sleep 120 & sleep 120"
                    timeout: 1s
                  flooder:
                    command: "head -c 5000000 /dev/zero | tr '\\\\0' y; printf '7\\n' > \\"$TEST_FILE_PATH\\""
                    output-limit: 4096
                  leaker:
                    env: {LEAK: "${AGENT_SECRET_TOKEN}"}
                    command: 'echo "my token is $LEAK"'
                  noop: {template: noop}
                """, "crasher, hanger, flooder, leaker, noop", "");
        List<RunResult> results = run(suite);
        assertThat(results).extracting(r -> r.agent().name()).containsExactly("crasher", "hanger", "flooder", "leaker", "noop");

        RunResult crasher = results.get(0);
        assertThat(crasher.status()).isEqualTo(RunStatus.AGENT_FAILED);
        assertThat(crasher.error().orElseThrow().code()).isEqualTo(ErrorCode.AGENT_FAILED);
        assertThat(crasher.error().orElseThrow().message()).isEqualTo("the agent exited with 3");
        assertThat(crasher.error().orElseThrow().detail()).contains("giving up");
        assertThat(crasher.agentCommand().orElseThrow().exitCode()).contains(3);
        // what a failed agent left behind is still measured
        assertThat(crasher.testWriting().orElseThrow().delta().orElseThrow().newlyCoveredLines()).isEqualTo(1);

        RunResult hanger = results.get(1);
        assertThat(hanger.status()).isEqualTo(RunStatus.AGENT_TIMED_OUT);
        assertThat(hanger.error().orElseThrow().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(hanger.agentCommand().orElseThrow().timedOut()).isTrue();
        assertThat(hanger.agentCommand().orElseThrow().exitCode()).isEmpty();
        assertThat(hanger.duration()).isLessThan(java.time.Duration.ofSeconds(60));

        RunResult flooder = results.get(2);
        assertThat(flooder.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(flooder.agentCommand().orElseThrow().droppedBytes()).isGreaterThan(4_900_000);
        assertThat(flooder.agentCommand().orElseThrow().stdout()).contains("bytes of output dropped").hasSizeLessThan(5000);
        assertThat(flooder.testWriting().orElseThrow().delta().orElseThrow().newlyCoveredLines()).isEqualTo(1);

        RunResult leaker = results.get(3);
        assertThat(leaker.agentCommand().orElseThrow().stdout()).isEqualTo("my token is ******\n");

        assertThat(results.get(4).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aFailingSetupIsAnInfrastructureFailureAndTheAgentNeverRuns() {
        Suite suite = suite("""
                  writer:
                    command: printf '3\\n' > "$TEST_FILE_PATH"
                  picky:
                    setup: "echo cannot install >&2; exit 9"
                    command: printf '3\\n' > "$TEST_FILE_PATH"
                """, "writer, picky", "");
        List<RunResult> results = drydock.run(suite, new RunSelection(Optional.empty(), Optional.of("shell-project")),
                RunListener.NONE);
        RunResult picky = results.get(1);
        assertThat(picky.status()).isEqualTo(RunStatus.INFRASTRUCTURE_FAILED);
        assertThat(picky.error().orElseThrow().code()).isEqualTo(ErrorCode.SETUP_FAILED);
        assertThat(picky.error().orElseThrow().message()).isEqualTo("agent setup failed with exit code 9");
        assertThat(picky.agentCommand()).isEmpty();
        assertThat(picky.testWriting().orElseThrow().coverageBefore().linesCovered()).isEqualTo(2);

        Suite brokenSuite = drydock.load("""
                workspace: {provider: local, root: workspaces}
                store: {provider: json, path: results.json}
                runs: [{agents: [noop], repositories: [broken]}]
                platforms:
                %s
                repositories:
                  broken: {url: project, platform: shell, setup: "echo no toolchain >&2; exit 4"}
                """.formatted(ShellProject.PLATFORM), temp.resolve("broken.yaml"));
        RunResult broken = drydock.run(brokenSuite, RunSelection.ALL, RunListener.NONE).get(0);
        assertThat(broken.status()).isEqualTo(RunStatus.INFRASTRUCTURE_FAILED);
        assertThat(broken.error().orElseThrow().code()).isEqualTo(ErrorCode.SETUP_FAILED);
        assertThat(broken.error().orElseThrow().message()).isEqualTo("repository setup failed with exit code 4");
        assertThat(broken.error().orElseThrow().detail()).contains("no toolchain");
        assertThat(broken.testWriting()).isEmpty();
    }

    @Test
    void aMissingRepositoryIsAnInfrastructureFailureOfEveryRunOfIt() {
        Suite suite = drydock.load("""
                workspace: {provider: local, root: workspaces}
                store: {provider: json, path: results.json}
                runs: [{agents: [noop], repositories: [gone]}]
                platforms:
                %s
                repositories:
                  gone: {url: no-such-folder, platform: shell}
                """.formatted(ShellProject.PLATFORM), temp.resolve("gone.yaml"));
        RunResult result = drydock.run(suite, RunSelection.ALL, RunListener.NONE).get(0);
        assertThat(result.status()).isEqualTo(RunStatus.INFRASTRUCTURE_FAILED);
        assertThat(result.error().orElseThrow().code()).isEqualTo(ErrorCode.REPOSITORY);
        assertThat(result.error().orElseThrow().message()).contains("no-such-folder");
    }

    @Test
    void withoutAJunitReportTestsAreCountedFromTheSummaryLine() {
        Suite suite = drydock.load("""
                workspace: {provider: local, root: workspaces}
                store: {provider: json, path: results.json}
                runs: [{agents: [writer], repositories: [counted]}]
                platforms:
                %s
                agents:
                  writer: {command: "printf '4\\n' > tests/extra.lines"}
                repositories:
                  counted: {url: project, platform: shell-console, targets: [{file: src/lib.txt, test-file: tests/extra.lines}]}
                """.formatted(ShellProject.CONSOLE_PLATFORM), temp.resolve("counted.yaml"));
        RunResult result = drydock.run(suite, RunSelection.ALL, RunListener.NONE).get(0);
        TestWritingOutcome outcome = result.testWriting().orElseThrow();
        assertThat(outcome.testsPrecise()).isFalse();
        assertThat(outcome.testsBefore().total()).isEqualTo(1);
        assertThat(outcome.testsAfter().orElseThrow().total()).isEqualTo(2);
        assertThat(outcome.tests().added()).isEmpty();
        assertThat(outcome.targetDelta().orElseThrow().newlyCoveredLines()).isEqualTo(1);
    }

    @Test
    void changesOutsideTestsAreNotMeasuredButFlagged() {
        Suite suite = suite("""
                  breaker:
                    command: "rm coverage.sh; printf '1\\n' > src/lib.txt"
                """, "breaker", "");
        RunResult result = run(suite).get(0);
        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        TestWritingOutcome outcome = result.testWriting().orElseThrow();
        assertThat(outcome.delta().orElseThrow().newlyCoveredLines()).isZero();
        assertThat(outcome.coverageAfter()).contains(new CoverageSummary(2, 10, 0, 0));
        assertThat(outcome.modifications().files()).extracting(FileChange::path, FileChange::kind, FileChange::category)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("coverage.sh", FileChange.Kind.DELETED, FileChange.Category.OTHER),
                        org.assertj.core.groups.Tuple.tuple("src/lib.txt", FileChange.Kind.MODIFIED, FileChange.Category.SOURCE));
        assertThat(outcome.violations()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(dev.drydock.api.Violation.Kind.SOURCE_MODIFIED);
            assertThat(v.subject()).isEqualTo("src/lib.txt");
            assertThat(v.evidence()).contains("-2").contains("+1");
        });
    }

    @Test
    void testsThatCrashTheRunnerFailTheAgent() {
        Suite suite = suite("""
                  crasher:
                    command: 'printf "CRASH\\n" > "$TEST_FILE_PATH"'
                """, "crasher", "");
        RunResult result = run(suite).get(0);
        assertThat(result.status()).isEqualTo(RunStatus.AGENT_FAILED);
        assertThat(result.error().orElseThrow().code()).isEqualTo(ErrorCode.TEST_EXECUTION);
        assertThat(result.error().orElseThrow().message()).startsWith("with the agent's tests: the coverage command exited with 3");
        assertThat(result.testWriting().orElseThrow().coverageAfter()).isEmpty();
    }
}
