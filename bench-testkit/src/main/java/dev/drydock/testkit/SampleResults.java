package dev.drydock.testkit;

import dev.drydock.api.Isolation;
import dev.drydock.api.AgentInfo;
import dev.drydock.api.CommandRecord;
import dev.drydock.api.Efficiency;
import dev.drydock.api.CoverageDelta;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.FileChange;
import dev.drydock.api.Modifications;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.TestAccounting;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.TestSummary;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Usage;
import dev.drydock.api.Violation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Fully populated results for store tests: every optional field present, so a lossy store shows. */
public final class SampleResults {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05.123456Z");

    private SampleResults() {}

    public static RunResult completed(String runId, String agent, String repository, int minuteOffset) {
        Instant started = START.plus(Duration.ofMinutes(minuteOffset));
        TestWritingOutcome outcome = new TestWritingOutcome(
                new CoverageSummary(10, 40, 2, 8),
                Optional.of(new CoverageSummary(25, 40, 5, 8)),
                Optional.of(new CoverageSummary(3, 12, 0, 4)),
                Optional.of(new CoverageSummary(11, 12, 3, 4)),
                Optional.of(new CoverageDelta(new CoverageSummary(10, 40, 2, 8), 15, 0, 25, 3, 5)),
                Optional.of(new CoverageDelta(new CoverageSummary(3, 12, 0, 4), 8, 0, 11, 3, 3)),
                new TestSummary(1, 1, 0, 0, 0),
                Optional.of(new TestSummary(4, 3, 1, 0, 0)),
                true,
                new TestAccounting(
                        List.of("tests/test_a.py::test_x", "tests/test_a.py::test_y", "tests/test_a.py::test_z"),
                        List.of(), List.of(), List.of(), List.of("tests/test_a.py::test_z"), List.of(),
                        List.of("tests/test_a.py::test_y"), 3, 3),
                new Modifications(List.of(
                        new FileChange("tests/test_a.py", FileChange.Kind.ADDED, FileChange.Category.TEST, 30, 0, false),
                        new FileChange("src/a.py", FileChange.Kind.MODIFIED, FileChange.Category.SOURCE, 1, 2, false))),
                List.of(new Violation(Violation.Kind.SOURCE_MODIFIED, "src/a.py", "source file modified", "@@ -1 +1 @@\n-a\n+b\n")),
                new Efficiency(Optional.of(9.74), Optional.of(1250.0)));
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                runId,
                "suite",
                "test-writing",
                new AgentInfo(agent, "1.0"),
                new RepositoryInfo(repository, "sample:" + repository, "0123456789abcdef0123456789abcdef01234567", "python"),
                Optional.of("src/a.py"),
                1,
                started,
                started.plus(Duration.ofSeconds(42, 5_000_000)),
                RunStatus.COMPLETED,
                Optional.empty(),
                Optional.of(new CommandRecord(Optional.of(0), false, Duration.ofMillis(1234), "out ✓", "err", 0)),
                Optional.of(outcome),
                Optional.empty(),
                new Usage(3, 1200, 340, 100),
                Optional.of(new BigDecimal("0.012000")),
                new TreeMap<>(Map.of("drydock", "test", "workspace", "local")),
                Optional.of(ISOLATION));
    }

    /** The isolation the sample results record: bubblewrap with limits, the host's network. */
    public static final Isolation ISOLATION = new Isolation("bubblewrap", List.of("pid-namespace", "non-root-user"),
            List.of("network-policy: the host's network"),
            Isolation.everyPhase("open"),
            Optional.of(8L << 30), Optional.of(4096));

    /** A test-running result with a claim, a replay, a reference, flags and a partial score. */
    public static RunResult testRunning(String runId, String agent, String repository, int minuteOffset) {
        Instant started = START.plus(Duration.ofMinutes(minuteOffset));
        TestRunningOutcome outcome = new TestRunningOutcome(
                new TestRunningOutcome.GroundTruth(true, false, List.of("pytest")),
                Optional.of(new TestRunningOutcome.AgentClaim(true, false, List.of("pytest"),
                        Optional.of(".drydock/coverage.xml"), Optional.of("cobertura"), Optional.of(".drydock/junit.xml"),
                        Optional.empty(), Optional.of(40L), Optional.of(40L), Optional.of(3), Optional.of(3), "ran pytest")),
                Optional.empty(),
                Optional.of(new CommandRecord(Optional.of(0), false, Duration.ofSeconds(9), "installed", "", 0)),
                Optional.of(new CommandRecord(Optional.empty(), true, Duration.ofMinutes(20), "", "killed", 12)),
                Optional.of(new CoverageSummary(22, 40, 3, 8)),
                Optional.of(new TestSummary(3, 2, 1, 0, 0)),
                Optional.of("no test report at .drydock/junit.xml"),
                Optional.of(new TestRunningOutcome.Reference("0123456789abcdef0123456789abcdef01234567",
                        new TestSummary(3, 3, 0, 0, 0), new CoverageSummary(24, 40, 4, 8), 2500, "lock")),
                new Modifications(List.of(
                        new FileChange("tests/test_a.py", FileChange.Kind.MODIFIED, FileChange.Category.TEST, 1, 1, false))),
                List.of(new Violation(Violation.Kind.COVERAGE_CLAIM_GAP, ".drydock/report.json", "claims 40 lines, 22 measured", "")),
                new TestRunningOutcome.Score(true, Optional.of(true), Optional.of(false), Optional.of(false), 50));
        return new RunResult(
                RunResult.SCHEMA_VERSION,
                runId,
                "suite",
                "test-running",
                new AgentInfo(agent, "2.0"),
                new RepositoryInfo(repository, "sample:" + repository, "0123456789abcdef0123456789abcdef01234567", "python"),
                Optional.empty(),
                1,
                started,
                started.plus(Duration.ofSeconds(61)),
                RunStatus.COMPLETED,
                Optional.empty(),
                Optional.of(new CommandRecord(Optional.of(0), false, Duration.ofMillis(800), "wrote .drydock", "", 0)),
                Optional.empty(),
                Optional.of(outcome),
                new Usage(2, 900, 100, 0),
                Optional.empty(),
                new TreeMap<>(Map.of("drydock", "test", "workspace", "local")),
                Optional.of(ISOLATION));
    }
}
