package dev.drydock.cli;

import dev.drydock.api.RunResult;
import dev.drydock.container.ContainerWorkspaceConfig;
import dev.drydock.container.ContainerWorkspaceProvider;
import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.ConfigNode;
import dev.drydock.core.config.EnvSubstitution;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.Problems;
import dev.drydock.core.config.YamlReader;
import dev.drydock.local.LocalWorkspaceProvider;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.TestProviderContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What setup snapshots buy, measured side by side in one run on the bundled Python sample: the wall
 * time of a {@code noop} test-writing run on {@code local}, on {@code container} cold (no snapshot:
 * both workspaces run the setup) and warm (from the snapshot), the same for an agent that adds one
 * test file, the time of one plain coverage run of the sample in each kind of workspace, and the
 * time a container workspace takes to start. Targets with a warm snapshot: a noop run at most 1.5x
 * one coverage run, a test-adding run at most (test-runs + 2)x one coverage run plus the agent's own
 * time, a container start at most 1 s. With {@code java-inventory} as the second argument it measures
 * the bundled Maven sample instead (a suite whose coverage run takes seconds; no test-adding row).
 *
 * <p>{@code ./mvnw -q -pl bench-cli exec:exec@container-benchmark -Dbenchmark.runs=3 [-Dbenchmark.sample=java-inventory]}
 * (after an install)
 */
public final class ContainerBenchmark {
    private static final int TEST_RUNS = 1;

    /** A bundled sample: its platform (and the image's toolchain), a target and where its new tests go. */
    private record Sample(String name, String platform, String target, String testFile) {}

    private static final Map<String, Sample> SAMPLES = Map.of(
            "python-inventory", new Sample("python-inventory", "python", "src/inventory/pricing.py", "tests/test_more.py"),
            "java-inventory", new Sample("java-inventory", "java", "src/main/java/dev/sample/inventory/Pricing.java",
                    "src/test/java/dev/sample/inventory/PricingMoreTest.java"));
    private static Sample sample = SAMPLES.get("python-inventory");

    private ContainerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        sample = SAMPLES.get(args.length > 1 && !args[1].isBlank() ? args[1] : "python-inventory");
        boolean adders = sample.platform().equals("python");
        Path temp = Files.createTempDirectory("drydock-container-benchmark");

        // once, untimed: builds the images if this machine has none and saves the sample's snapshot
        double first = suite(temp, "container", "noop", true).seconds;

        double[][] noop = new double[3][runs];
        double[][] adder = new double[3][runs];
        double[] adderAgent = new double[runs];
        for (int i = 0; i < runs; i++) {
            noop[0][i] = suite(temp, "local", "noop", true).seconds;
            noop[1][i] = suite(temp, "container", "noop", false).seconds;
            noop[2][i] = suite(temp, "container", "noop", true).seconds;
            if (adders) {
                adder[0][i] = suite(temp, "local", "adder", true).seconds;
                adder[1][i] = suite(temp, "container", "adder", false).seconds;
                Timed warm = suite(temp, "container", "adder", true);
                adder[2][i] = warm.seconds;
                adderAgent[i] = warm.agentSeconds;
            }
        }

        Path repository = sampleRepository();
        String commit = git(repository, "rev-parse", "HEAD");
        // as drydock loads a template: $${ in its scripts is a literal ${ (no variable is set here)
        Problems problems = new Problems();
        ConfigNode platform = new EnvSubstitution(name -> null).apply(YamlReader.read(
                resource("dev/drydock/core/templates/platforms/" + sample.platform() + ".yaml"), sample.platform() + ".yaml"),
                "", problems);
        problems.throwIfAny();
        String setup = scalar(platform, "setup");
        // a plain measurement as drydock makes it: the tests, then the report from their raw data
        String coverage = scalar(platform, "coverage-command");
        String report = scalar(platform, "coverage-report-command");
        WorkspaceSpec spec = new WorkspaceSpec("benchmark", repository.toString(), commit, Map.of(), setup);

        double[] localCoverage = new double[runs];
        try (WorkspaceBackend local = localBackend(temp); Workspace workspace = local.provision(spec)) {
            exec(workspace, setup, ExecPhase.SETUP);
            for (int i = 0; i < runs; i++) {
                localCoverage[i] = exec(workspace, coverage, ExecPhase.MEASURE) + exec(workspace, report, ExecPhase.MEASURE);
            }
        }
        double[] containerCoverage = new double[runs];
        double[] warmStart = new double[Math.max(runs, 5)];
        double[] coldStart = new double[Math.max(runs, 5)];
        ContainerWorkspaceConfig base = ContainerWorkspaceConfig.defaults();
        ContainerWorkspaceConfig defaults = new ContainerWorkspaceConfig(base.socket(), base.image(), List.of(sample.platform()),
                base.debianMirror(), base.uid(), base.inheritEnv(), base.env(), base.memoryLimit(), base.processLimit(),
                base.cpus(), base.setupNetwork(), base.agentNetwork(), base.measureNetwork(), true, false, base.composeCommand(),
                base.directExec());
        ContainerWorkspaceConfig noSnapshots = new ContainerWorkspaceConfig(defaults.socket(), defaults.image(),
                defaults.toolchains(), defaults.debianMirror(), defaults.uid(), defaults.inheritEnv(), defaults.env(),
                defaults.memoryLimit(), defaults.processLimit(), defaults.cpus(), defaults.setupNetwork(), defaults.agentNetwork(),
                defaults.measureNetwork(), false, false, defaults.composeCommand(), defaults.directExec());
        Path state = Path.of(System.getenv().getOrDefault("DRYDOCK_CACHE_DIR", temp.toString())).resolve("container");
        try (WorkspaceBackend container = ContainerWorkspaceProvider.open(defaults, state, System.getenv());
                WorkspaceBackend cold = ContainerWorkspaceProvider.open(noSnapshots, state, System.getenv())) {
            try (Workspace workspace = container.provision(spec)) {
                if (!workspace.setupRestored()) {
                    exec(workspace, setup, ExecPhase.SETUP);
                    workspace.saveSetup();
                }
                for (int i = 0; i < runs; i++) {
                    containerCoverage[i] = exec(workspace, coverage, ExecPhase.MEASURE) + exec(workspace, report, ExecPhase.MEASURE);
                }
            }
            for (int i = 0; i < warmStart.length; i++) {
                warmStart[i] = startSeconds(container, spec);
                coldStart[i] = startSeconds(cold, spec);
            }
        }

        double coverageRun = median(containerCoverage);
        System.out.printf(Locale.ROOT, "%-44s %10s %10s %10s %12s%n", "wall time (s), median", "local", "cold", "warm",
                "warm/target");
        System.out.printf(Locale.ROOT, "%-44s %10.2f %10s %10.2f %11.2fx%n", "one plain coverage run", median(localCoverage),
                "-", coverageRun, 1.0);
        row("noop test-writing run", noop, 1.5 * coverageRun);
        double adderTarget = (TEST_RUNS + 2) * coverageRun + median(adderAgent);
        if (adders) {
            row("test-adding run (test-runs " + TEST_RUNS + ")", adder, adderTarget);
        }
        System.out.printf(Locale.ROOT, "%-44s %10s %10.2f %10.2f %11.2fx%n", "container start (provision)", "-",
                median(coldStart), median(warmStart), median(warmStart) / 1.0);
        System.out.printf(Locale.ROOT, "targets (warm): noop <= 1.5 x coverage run = %.2f s; %scontainer start <= 1 s%n",
                1.5 * coverageRun, adders ? String.format(Locale.ROOT, "test-adding <= %d x coverage run + agent %.2f s = %.2f s; ",
                        TEST_RUNS + 2, median(adderAgent), adderTarget) : "");
        System.out.printf(Locale.ROOT, "%s, %d runs of each, interleaved; a first container run (images, snapshot) took %.1f s%n",
                sample.name(), runs, first);
    }

    private record Timed(double seconds, double agentSeconds) {}

    /**
     * One test-writing run of {@code agent} on the sample, through the command line: the run's wall
     * time as its result records it (from its start to its end, without the command's own start:
     * configuration, providers, the engine's service) and its agent's.
     */
    private static Timed suite(Path temp, String provider, String agent, boolean snapshots) throws IOException {
        String name = provider + "-" + agent + "-" + snapshots;
        Path config = temp.resolve(name + ".yaml");
        Path json = temp.resolve(name + ".json");
        String workspace = provider.equals("container")
                ? "{provider: container, snapshots: " + snapshots + ", toolchains: [" + sample.platform() + "]}"
                : "{provider: local}";
        Files.writeString(config, """
                name: container-benchmark
                workspace: %s
                store: {provider: json, path: results-%s.json}
                runs:
                  - agents: [%s]
                    repositories: [%s]
                    test-runs: %d
                agents:
                  noop: {template: noop}
                  adder:
                    command: |
                      cat > "$TEST_FILE_PATH" <<'PY'
                      from inventory.pricing import apply_discount


                      def test_partial_discount():
                          assert apply_discount(10.0, 25) == 7.5
                      PY
                repositories:
                  %s:
                    template: %s
                    targets: [{file: %s, test-file: %s}]
                """.formatted(workspace, name, agent, sample.name(), TEST_RUNS, sample.name(), sample.name(), sample.target(),
                sample.testFile()));
        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());
        RunResult result = RunResultJson.mapper().readValue(json.toFile(), RunResult[].class)[0];
        if (run.exitCode() != 0 || !result.status().name().equals("COMPLETED")) {
            throw new IllegalStateException(name + " failed: " + run.err());
        }
        return new Timed(Duration.between(result.startedAt(), result.finishedAt()).toMillis() / 1e3,
                result.agentCommand().orElseThrow().duration().toMillis() / 1e3);
    }

    private static WorkspaceBackend localBackend(Path temp) {
        String yaml = "root: " + temp.resolve("workspaces") + "\n";
        return new LocalWorkspaceProvider().create(new NodeProviderConfig("workspace", YamlReader.read(yaml, "benchmark.yaml"),
                new ConfigBinder(s -> {})), TestProviderContext.in(temp));
    }

    private static double startSeconds(WorkspaceBackend backend, WorkspaceSpec spec) {
        long started = System.nanoTime();
        try (Workspace workspace = backend.provision(spec)) {
            double seconds = (System.nanoTime() - started) / 1e9;
            exec(workspace, "true", ExecPhase.MEASURE);
            return seconds;
        }
    }

    private static double exec(Workspace workspace, String command, ExecPhase phase) {
        long started = System.nanoTime();
        var result = workspace.exec(ExecRequest.of(command, Duration.ofMinutes(10)).inPhase(phase));
        if (!result.succeeded()) {
            throw new IllegalStateException("failed in " + workspace.id() + ": " + command + "\n" + result.stderr());
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** The bundled sample as drydock committed it into its cache. */
    private static Path sampleRepository() throws IOException {
        Path samples = Path.of(System.getenv().getOrDefault("DRYDOCK_CACHE_DIR",
                System.getProperty("user.home") + "/.cache/drydock")).resolve("samples");
        try (Stream<Path> entries = Files.list(samples)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(sample.name() + "-"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no " + sample.name() + " sample in " + samples));
        }
    }

    private static String git(Path repository, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor();
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ContainerBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String scalar(ConfigNode node, String key) {
        return ((ConfigNode.ScalarNode) ((ConfigNode.MapNode) node).get(key)).value();
    }

    private static void row(String what, double[][] times, double target) {
        System.out.printf(Locale.ROOT, "%-44s %10.2f %10.2f %10.2f %11.2fx%n", what, median(times[0]), median(times[1]),
                median(times[2]), median(times[2]) / target);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
