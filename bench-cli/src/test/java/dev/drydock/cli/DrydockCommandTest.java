package dev.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrydockCommandTest {
    @TempDir
    Path temp;

    @Test
    void validatePrintsTheResolvedQuickstartAndItsPlan() {
        CliRun run = CliRun.of("validate", "../examples/quickstart.yaml");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("name: quickstart")
                .contains("url: sample:python-inventory")
                .contains("coverage-report: .drydock/coverage.xml")
                .contains("# 4 run(s) planned:")
                .contains("#   test-writing: hypothesis-ghostwriter on python-inventory:src/inventory/pricing.py #1");
    }

    @Test
    void aMisspelledKeyFailsWithFileLineAndKeyAndExitCode2() throws Exception {
        Path config = temp.resolve("bad.yaml");
        Files.writeString(config, """
                runs:
                  - agents: [noop]
                    repositories: [python-inventory]
                agents:
                  noop:
                    template: noop
                    comand: "true"
                """);
        CliRun run = CliRun.of("run", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("drydock: invalid configuration: " + config + ":7:5: agents.noop.comand:"
                + " unknown key 'comand' (did you mean 'command'?)");
        assertThat(temp.resolve("results")).doesNotExist();
    }

    @Test
    void malformedYamlNamesTheFileAndLine() throws Exception {
        Path config = temp.resolve("broken.yaml");
        Files.writeString(config, "runs:\n  - agents: [noop\n");
        CliRun run = CliRun.of("validate", config.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(config + ":").contains("malformed YAML");
    }

    @Test
    void anUnknownAgentSelectionIsAUsageError() {
        CliRun run = CliRun.of("run", "../examples/quickstart.yaml", "--agent", "nobody");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no agent 'nobody' in this configuration; there are: hypothesis-ghostwriter, noop");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(CliRun.of("run").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(2);
        CliRun help = CliRun.of("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("run").contains("validate");
    }

    @Test
    void aFailedCalibrationShowsTheCommandsOutputAndWritesNothing() throws Exception {
        Path config = temp.resolve("calibrate.yaml");
        Files.writeString(config, """
                runs: [{benchmark: test-running, agents: [noop]}]
                agents: {noop: {template: noop}}
                repositories:
                  broken:
                    template: python-inventory
                    setup: "true"
                    coverage-command: |
                      echo "ImportError while importing test module tests/test_pricing.py" >&2
                      echo "E   ModuleNotFoundError: No module named 'inventory'" >&2
                      exit 4
                """);
        CliRun run = CliRun.of("calibrate", config.toString());

        assertThat(run.exitCode()).isEqualTo(DrydockCommand.INFRASTRUCTURE_FAILURES);
        assertThat(run.err()).contains("calibrating broken: setup").contains("calibrating broken: coverage command");
        assertThat(run.out()).contains("broken                   failed: TEST_EXECUTION")
                .contains("    | E   ModuleNotFoundError: No module named 'inventory'")
                .contains("nothing measured, no lock file written")
                .doesNotContain("calibrate.lock.json");
        assertThat(temp.resolve("calibrate.lock.json")).doesNotExist();
    }

    @Test
    void aReportOfAnEmptyStoreSaysSo() throws Exception {
        Path results = temp.resolve("results.json");
        Files.writeString(results, "[]");
        CliRun run = CliRun.of("report", results.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("no stored run matches\n");
        CliRun bad = CliRun.of("report", temp.resolve("missing.json").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("missing.json").contains("not a results file drydock can read");
    }

    @Test
    void aReportReadsASqlStoreWithItsFiltersPushedDown() throws Exception {
        String quickstart = Files.readString(Path.of("../examples/quickstart.yaml"));
        Path config = temp.resolve("sql.yaml");
        Files.writeString(config, quickstart.replace("  provider: json\n  path: ${DRYDOCK_RESULTS_DIR:-results}/quickstart.json",
                "  provider: sql\n  url: jdbc:sqlite:results/runs.db"));
        assertThat(Files.readString(config)).contains("provider: sql");
        String url = dev.drydock.store.sql.SqlResultStoreProvider.resolveSqlitePath("jdbc:sqlite:results/runs.db", temp);
        try (var store = new dev.drydock.store.sql.SqlResultStore(url, java.util.Optional.empty(), java.util.Optional.empty(), 1,
                java.time.Duration.ofSeconds(5))) {
            store.save(dev.drydock.testkit.SampleResults.completed("run-a", "agent-a", "repo-x", 1));
            store.save(dev.drydock.testkit.SampleResults.completed("run-b", "agent-b", "repo-x", 2));
            store.save(dev.drydock.testkit.SampleResults.testRunning("run-c", "agent-a", "repo-x", 3));
        }
        CliRun run = CliRun.of("report", config.toString(), "--agent", "agent-a", "--benchmark", "test-writing");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("agent-a").doesNotContain("agent-b").contains("1 run");
    }

    @Test
    void theCatalogListsTheRealProjectsAndTheSeedCatalogPlansBothBenchmarksOverTheVerifiedOnes() {
        CliRun catalog = CliRun.of("catalog");
        assertThat(catalog.exitCode()).as(catalog.err()).isZero();
        assertThat(catalog.out().lines()).anySatisfy(line -> assertThat(line)
                .matches("tokei +rust +small +3,859 +MIT OR Apache-2.0 +cargo +3 +yes +228/228 +55.5% \\(1237/2228\\)"));
        assertThat(catalog.out()).contains("unverified airflow: its repository snapshot (1.27 GB)");
        CliRun python = CliRun.of("catalog", "--platform", "python");
        assertThat(python.out()).contains("gpt-migrate").contains("airflow").doesNotContain("tokei");

        CliRun seed = CliRun.of("validate", "../examples/seed-catalog.yaml");
        assertThat(seed.exitCode()).as(seed.err()).isZero();
        assertThat(seed.out()).contains("#   test-writing: noop on tokei:src/sort.rs #1")
                .contains("#   test-running: heuristic on gpt-migrate #1")
                .contains("#   test-running: heuristic on llama-stack #1")
                .contains("#   test-writing: noop on rrweb:packages/rrweb-snapshot/src/css.ts #1")
                .doesNotContain("airflow").doesNotContain("mermaid");
    }
}
