package dev.drydock.core;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.core.policing.ChangeClassifier;
import dev.drydock.core.policing.Measurement;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunError;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestRunningOutcome.Reference;
import dev.drydock.core.config.RepositoryDefinition;
import dev.drydock.core.repository.ResolvedRepository;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The reference run of each repository: its own recipe (setup, then the coverage command) in a
 * fresh workspace, measured by drydock. Taken from the calibration lock when it is valid for the
 * commit and recipe; otherwise measured once per suite and remembered, failures included.
 */
final class References {
    private final RunServices services;
    private final WorkspaceSteps steps;
    private final CalibrationLock lock;
    private final Map<String, Object> measured = new HashMap<>();

    References(RunServices services, CalibrationLock lock) {
        this.services = services;
        this.steps = new WorkspaceSteps(services);
        this.lock = lock;
    }

    /** The reference of a repository whose label says it has tests that run without services. */
    synchronized Reference of(String name, RepositoryDefinition repository, ResolvedRepository resolved) {
        Optional<CalibrationLock.Entry> locked = lock.valid(name, resolved.commit(), repository);
        if (locked.isPresent()) {
            return locked.get().reference("lock");
        }
        Object known = measured.computeIfAbsent(name, n -> {
            try {
                return measure(n, repository, resolved, step -> { }).reference("measured");
            } catch (RunFailure failure) {
                return failure;
            }
        });
        if (known instanceof RunFailure failure) {
            RunError error = failure.error;
            throw RunFailure.infrastructure(error.code(), "the reference run: " + error.message(), error.detail());
        }
        return (Reference) known;
    }

    /** The files a report measured that have executable lines: what another report must measure to compare. */
    static List<String> measuredFiles(CoverageReport report) {
        return report.files().values().stream().filter(f -> f.summary().linesTotal() > 0).map(FileCoverage::path).toList();
    }

    /** Runs the repository's recipe in a fresh workspace; what {@code drydock calibrate} records. */
    CalibrationLock.Entry measure(String name, RepositoryDefinition repository, ResolvedRepository resolved,
            java.util.function.Consumer<String> step) {
        String id = "reference-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Workspace workspace = services.workspaces().provision(
                new WorkspaceSpec(id, resolved.cloneSource(), resolved.commit(), repository.env(), repository.setup()))) {
            steps.verifyCheckout(workspace, resolved.commit());
            steps.excludeFromDiff(workspace, repository.ignore());
            step.accept("setup");
            if (steps.repositorySetup(workspace, repository)) {
                step.accept("setup restored from a snapshot");
            }
            step.accept("coverage command");
            Measurement measurement = steps.measure(workspace, repository, Map.of())
                    .sourceOnly(ChangeClassifier.of(repository));
            TestReport tests = measurement.tests().orElseThrow(() -> RunFailure.infrastructure(ErrorCode.TEST_EXECUTION,
                    "the coverage command wrote no test report and printed no test summary drydock reads", ""));
            return new CalibrationLock.Entry(repository.url(), resolved.commit(), CalibrationLock.recipeHash(repository),
                    Instant.now(services.clock()).toString(), services.environment().getOrDefault("drydock", "dev"),
                    tests.summary(), measurement.coverage().summary(), measurement.duration().toMillis(),
                    measuredFiles(measurement.coverage()));
        }
    }
}
