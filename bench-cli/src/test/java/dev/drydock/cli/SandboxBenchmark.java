package dev.drydock.cli;

import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.YamlReader;
import dev.drydock.local.LocalWorkspaceProvider;
import dev.drydock.testkit.GitFixture;
import dev.drydock.testkit.TestProviderContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the bubblewrap sandbox costs on {@code local}, measured side by side in one run: the time of
 * one command (a trivial one, so the sandbox's own cost shows) and the wall time of a {@code noop}
 * test-writing run on the bundled Python sample, each with {@code isolation: bubblewrap} and {@code
 * none}, interleaved. Target: the sandbox adds at most 50 ms per command.
 *
 * <p>{@code ./mvnw -q -pl bench-cli exec:exec@sandbox-benchmark -Dbenchmark.commands=200 -Dbenchmark.runs=3}
 */
public final class SandboxBenchmark {
    private SandboxBenchmark() {}

    public static void main(String[] args) throws Exception {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path temp = Files.createTempDirectory("drydock-sandbox-benchmark");
        Path origin = temp.resolve("origin");
        String commit = GitFixture.createRepository(origin, Map.of("README.md", "benchmark\n"));

        double[][] perCommand = new double[2][commands];
        try (WorkspaceBackend sandboxed = backend("bubblewrap", temp);
                WorkspaceBackend bare = backend("none", temp);
                Workspace inSandbox = sandboxed.provision(new WorkspaceSpec("b", origin.toString(), commit, Map.of()));
                Workspace unconfined = bare.provision(new WorkspaceSpec("n", origin.toString(), commit, Map.of()))) {
            for (int warmup = 0; warmup < 10; warmup++) {
                time(inSandbox);
                time(unconfined);
            }
            for (int i = 0; i < commands; i++) {
                perCommand[0][i] = time(inSandbox);
                perCommand[1][i] = time(unconfined);
            }
        }

        double[][] noopRun = new double[2][runs];
        for (int i = 0; i < runs; i++) {
            noopRun[0][i] = noop(temp, "bubblewrap");
            noopRun[1][i] = noop(temp, "none");
        }

        System.out.printf(Locale.ROOT, "%-34s %12s %12s %10s %10s%n", "measure", "bubblewrap", "none", "added", "ratio");
        row("one command, median (ms)", median(perCommand[0]), median(perCommand[1]));
        row("one command, p90 (ms)", percentile(perCommand[0], 0.9), percentile(perCommand[1], 0.9));
        row("noop test-writing run, median (s)", median(noopRun[0]), median(noopRun[1]));
        System.out.printf(Locale.ROOT, "%d commands and %d noop runs each, interleaved; target: at most 50 ms added per command%n",
                commands, runs);
    }

    private static WorkspaceBackend backend(String isolation, Path temp) {
        ProviderContext context = TestProviderContext.in(temp);
        String yaml = "isolation: " + isolation + "\nroot: " + temp.resolve("workspaces") + "\n";
        return new LocalWorkspaceProvider().create(
                new NodeProviderConfig("workspace", YamlReader.read(yaml, "benchmark.yaml"), new ConfigBinder(s -> {})), context);
    }

    private static double time(Workspace workspace) {
        long started = System.nanoTime();
        if (!workspace.exec(ExecRequest.of("true", Duration.ofSeconds(30)).inPhase(ExecPhase.AGENT)).succeeded()) {
            throw new IllegalStateException("the command failed in " + workspace);
        }
        return (System.nanoTime() - started) / 1e6;
    }

    private static double noop(Path temp, String isolation) throws Exception {
        Path config = temp.resolve("noop-" + isolation + ".yaml");
        Files.writeString(config, """
                name: sandbox-benchmark
                # no saved setups: both runs set up, so the difference is the sandbox's alone
                workspace: {provider: local, isolation: %s, snapshots: false}
                store: {provider: json, path: results-%s.json}
                runs:
                  - agents: [noop]
                    repositories: [python-inventory]
                    test-runs: 1
                agents:
                  noop: {template: noop}
                repositories:
                  python-inventory:
                    template: python-inventory
                    targets: [{file: src/inventory/pricing.py, test-file: tests/test_more.py}]
                """.formatted(isolation, isolation));
        long started = System.nanoTime();
        CliRun run = CliRun.of("run", config.toString());
        if (run.exitCode() != 0) {
            throw new IllegalStateException("the noop run failed: " + run.err());
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static void row(String what, double sandboxed, double bare) {
        System.out.printf(Locale.ROOT, "%-34s %12.2f %12.2f %10.2f %9.2fx%n", what, sandboxed, bare, sandboxed - bare, sandboxed / bare);
    }

    private static double median(double[] values) {
        return percentile(values, 0.5);
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
