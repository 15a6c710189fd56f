package dev.drydock.cli;

import dev.drydock.api.RunResult;
import dev.drydock.core.CalibrationLock;
import dev.drydock.store.json.RunResultJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run costs on real projects of the catalog against one plain coverage run of the same
 * suite, measured in one invocation on {@code local} with warm caches: per repository, the coverage
 * command on a set-up checkout as {@code drydock calibrate} times it, then {@code noop} test-writing
 * runs (the first one sets up and saves the setup, the later ones start from it) and one {@code
 * heuristic} test-running run. Target: a warm {@code noop} run at most 1.5x the plain coverage run.
 *
 * <p>The catalog's projects cannot be cloned from GitHub on every machine, so each is named with
 * a git URL or path it can be cloned from here:
 * {@code ./mvnw -q -pl bench-cli exec:exec@catalog-benchmark -Dbenchmark.runs=3
 * -Dbenchmark.repositories="tokei=/srv/mirrors/tokei todolist=/srv/mirrors/todolist click=/srv/mirrors/click"
 * [-Dbenchmark.root=/dev/shm/drydock]} (the workspaces' folder; the system's temporary folder by default)
 */
public final class CatalogBenchmark {
    private CatalogBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        String root = args.length > 1 && !args[1].strip().equals("-") ? args[1].strip() : ""; // "-": the default
        Map<String, String> repositories = new LinkedHashMap<>();
        for (String pair : Arrays.copyOfRange(args, 2, args.length)) {
            for (String one : pair.isBlank() ? new String[0] : pair.trim().split("\\s+")) {
                String[] parts = one.split("=", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("name a catalog template and where to clone it from: TEMPLATE=URL, not " + one);
                }
                repositories.put(parts[0], parts[1]);
            }
        }
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("name the catalog templates to measure and where to clone each from: "
                    + "-Dbenchmark.repositories=\"tokei=URL todolist=URL\"");
        }
        Path temp = Files.createTempDirectory("drydock-catalog-benchmark");
        StringBuilder yaml = new StringBuilder("""
                name: catalog-benchmark
                workspace: {provider: local%s}
                store: {provider: json, path: results.json}
                runs:
                  - agents: [noop]
                    repetitions: %d
                  - benchmark: test-running
                    agents: [heuristic]
                agents:
                  noop: {template: noop}
                  heuristic: {template: heuristic}
                repositories:
                """.formatted(root.isEmpty() ? "" : ", root: '" + root + "'", runs + 1));
        repositories.forEach((name, url) -> yaml.append("  ").append(name).append(": {template: ").append(name)
                .append(", url: '").append(url).append("'}\n"));
        Path config = temp.resolve("catalog-benchmark.yaml");
        Files.writeString(config, yaml);

        CliRun calibrate = CliRun.of("calibrate", config.toString());
        if (calibrate.exitCode() != 0) {
            throw new IllegalStateException("calibrate failed: " + calibrate.err());
        }
        CalibrationLock lock = CalibrationLock.read(CalibrationLock.fileFor(config));
        Path json = temp.resolve("results-of-run.json");
        CliRun run = CliRun.of("run", config.toString(), "--results-json", json.toString());
        RunResult[] results = RunResultJson.mapper().readValue(json.toFile(), RunResult[].class);

        System.out.printf(Locale.ROOT, "%-14s %10s %10s %10s %10s %12s %10s%n", "wall time (s)", "coverage", "noop cold",
                "noop warm", "warm/cov", "test running", "tr/cov");
        for (String name : repositories.keySet()) {
            double coverage = lock.repositories().get(name).durationMillis() / 1e3;
            List<RunResult> noop = new ArrayList<>();
            List<RunResult> testRunning = new ArrayList<>();
            for (RunResult result : results) {
                if (result.repository().name().equals(name)) {
                    (result.benchmark().equals("test-running") ? testRunning : noop).add(result);
                }
            }
            noop.sort(java.util.Comparator.comparing(RunResult::startedAt));
            double cold = noop.isEmpty() ? Double.NaN : seconds(noop.get(0));
            double[] warm = noop.stream().skip(1).mapToDouble(CatalogBenchmark::seconds).sorted().toArray();
            double warmMedian = warm.length == 0 ? Double.NaN : warm[warm.length / 2];
            double tr = testRunning.isEmpty() ? Double.NaN : seconds(testRunning.get(0));
            System.out.printf(Locale.ROOT, "%-14s %10.1f %10.1f %10.1f %9.2fx %12.1f %9.1fx%n", name, coverage, cold,
                    warmMedian, warmMedian / coverage, tr, tr / coverage);
            for (RunResult result : noop) {
                if (!result.status().name().equals("COMPLETED")) {
                    System.out.printf(Locale.ROOT, "  %s: %s%n", result.runId(), result.status());
                }
            }
        }
        System.out.printf(Locale.ROOT, "noop: %d runs per target (the first sets up and saves the setup), then one heuristic "
                + "test-running run; workspaces in %s; target: noop warm <= 1.5 x coverage; drydock run exit code %d%n", runs + 1,
                root.isEmpty() ? System.getProperty("java.io.tmpdir") : root, run.exitCode());
    }

    /** A run's wall time as its result records it, from its start to its end. */
    private static double seconds(RunResult result) {
        return Duration.between(result.startedAt(), result.finishedAt()).toMillis() / 1e3;
    }
}
