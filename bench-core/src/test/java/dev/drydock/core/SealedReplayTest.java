package dev.drydock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.api.ErrorCode;
import dev.drydock.api.FileChange;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Violation;
import dev.drydock.core.config.Suite;
import dev.drydock.testkit.GitFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sealed replay with the real local workspace on a shell project whose tests are code
 * ({@code tests/*.sh} run by the coverage command) and whose report is made afterwards from raw data
 * by a copy of the project's report script that the setup put in {@code .drydock/tools}.
 */
class SealedReplayTest {
    private static final String REPORT = """
            #!/usr/bin/env bash
            set -u
            covered=$(sort -un .drydock/raw/lines 2>/dev/null)
            """ + ShellProject.WRITE_LCOV;
    private static final String PLATFORM = """
              shell-sealed:
                setup: "mkdir -p .drydock/tools && cp report.sh .drydock/tools/report.sh"
                test-command: ./run-tests.sh
                coverage-command: |
                  mkdir -p .drydock/raw
                  for test in tests/*.sh; do [ -f "$test" ] && bash "$test"; done
                  cat tests/*.lines > .drydock/raw/lines
                coverage-report-command: bash .drydock/tools/report.sh
                coverage-report: .drydock/lcov.info
                test-writable: [.drydock/raw]
                ignore: [build/]
                test-patterns: [tests/**]
                source-patterns: [src/**]
            """;
    /** A test that tries to change the source, the report and drydock's report tool while it runs. */
    private static final String TAMPERING_TEST = "printf '1\\\\n' > tests/new.lines; "
            + "cat > tests/tamper.sh <<'SH'\\n"
            + "printf '1\\\\n2\\\\n3\\\\n' > src/lib.txt\\n"
            + "printf 'SF:forged\\\\n' > .drydock/lcov.info\\n"
            + "printf 'true\\\\n' > .drydock/tools/report.sh\\n"
            + "true\\n"
            + "SH\\n";

    @TempDir
    Path temp;

    private Drydock drydock;

    @BeforeEach
    void setUp() {
        GitFixture.createRepository(temp.resolve("project"), Map.of(
                "src/lib.txt", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n",
                "tests/first.lines", "1\n2\n",
                "report.sh", REPORT,
                "build/tool.sh", "a tracked file where build artefacts would be ignored\n"));
        drydock = Drydock.builder().cacheDirectory(temp.resolve("cache")).env(Map.of("PATH", System.getenv("PATH"))).build();
    }

    private RunResult run(String isolation, String agentCommand) {
        Suite suite = drydock.load("""
                name: sealed
                workspace: {provider: local, root: workspaces, isolation: %s}
                store: {provider: json, path: results.json}
                runs:
                  - agents: [agent]
                    repositories: [project]
                    test-runs: 1
                platforms:
                %s
                agents:
                  agent:
                    command: "%s"
                repositories:
                  project:
                    url: project
                    platform: shell-sealed
                    targets: [{file: src/lib.txt, test-file: tests/new.lines}]
                """.formatted(isolation, PLATFORM, agentCommand), temp.resolve("suite.yaml"));
        return drydock.run(suite, RunSelection.ALL, RunListener.NONE).get(0);
    }

    @Test
    void sandboxedTestCodeCannotChangeTheSourceTheReportOrDrydocksTool() {
        RunResult result = run("bubblewrap", TAMPERING_TEST.replace("printf '1\\\\n' >", "printf '3\\\\n4\\\\n' >"));

        assertThat(result.status()).as(result.error().toString()).isEqualTo(RunStatus.COMPLETED);
        TestWritingOutcome outcome = result.testWriting().orElseThrow();
        assertThat(outcome.delta().orElseThrow().newlyCoveredLines()).as("lines 3 and 4, measured on the real source").isEqualTo(2);
        assertThat(outcome.violations()).extracting(Violation::kind).doesNotContain(Violation.Kind.SOURCE_TAMPERED);
        assertThat(result.isolation().orElseThrow().enforced()).contains("read-only-paths");
        assertThat(outcome.modifications().files()).as("a tracked file matching an ignore pattern is not 'deleted'")
                .extracting(FileChange::path).containsExactlyInAnyOrder("tests/new.lines", "tests/tamper.sh");
    }

    @Test
    void whereNothingIsReadOnlyATamperedSourceIsFoundAndVoidsTheGain() {
        RunResult result = run("none", "printf '3\\\\n' > tests/new.lines; "
                + "printf 'printf 1\\\\\\\\n > src/lib.txt\\\\n' > tests/tamper.sh");

        assertThat(result.status()).as(result.error().toString()).isEqualTo(RunStatus.COMPLETED);
        TestWritingOutcome outcome = result.testWriting().orElseThrow();
        assertThat(outcome.violations()).filteredOn(v -> v.kind() == Violation.Kind.SOURCE_TAMPERED)
                .singleElement().satisfies(tampered -> {
                    assertThat(tampered.subject()).isEqualTo("src/lib.txt");
                    assertThat(tampered.evidence()).contains("-10");
                });
        assertThat(outcome.delta()).as("the run gains nothing").isEmpty();
        assertThat(outcome.coverageAfter()).isEmpty();
    }

    @Test
    void aDeletedGitIsTheAgentsFailureAndItsChangesAreStillMeasured() {
        RunResult result = run("bubblewrap", "printf '5\\\\n6\\\\n' > tests/new.lines; printf 'x\\\\n' >> src/lib.txt; rm -rf .git");

        assertThat(result.status()).isEqualTo(RunStatus.AGENT_FAILED);
        assertThat(result.error().orElseThrow().code()).isEqualTo(ErrorCode.WORKSPACE_TAMPERED);
        TestWritingOutcome outcome = result.testWriting().orElseThrow();
        assertThat(outcome.modifications().files()).extracting(FileChange::path)
                .containsExactlyInAnyOrder("src/lib.txt", "tests/new.lines");
        assertThat(outcome.violations()).extracting(Violation::kind).contains(Violation.Kind.SOURCE_MODIFIED);
        assertThat(outcome.delta().orElseThrow().newlyCoveredLines()).isEqualTo(2);
    }

    @Test
    void aSourceChangeHiddenFromTheWorkspacesGitIsStillSeen() {
        RunResult result = run("bubblewrap", "printf '7\\\\n' > tests/new.lines; printf 'x\\\\n' >> src/lib.txt; "
                + "git update-index --skip-worktree src/lib.txt; git update-index --assume-unchanged src/lib.txt");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        TestWritingOutcome outcome = result.testWriting().orElseThrow();
        assertThat(outcome.violations()).filteredOn(v -> v.kind() == Violation.Kind.SOURCE_MODIFIED)
                .singleElement().satisfies(v -> assertThat(v.evidence()).contains("+x"));
    }
}
