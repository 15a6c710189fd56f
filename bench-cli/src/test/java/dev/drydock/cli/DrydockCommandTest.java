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
}
