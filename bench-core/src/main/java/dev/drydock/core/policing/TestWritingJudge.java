package dev.drydock.core.policing;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.CoverageDelta;
import dev.drydock.api.CoverageReport;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunError;
import dev.drydock.api.Efficiency;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.Modifications;
import dev.drydock.api.TestAccounting;
import dev.drydock.api.TestCase;
import dev.drydock.api.TestReport;
import dev.drydock.api.TestStatus;
import dev.drydock.api.TestSummary;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Usage;
import dev.drydock.api.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The verdict of a test-writing run from what was measured: the coverage gain over the baseline's
 * lines and branches only (a fixed denominator), test accounting by test id across the replayed
 * runs, and every violation with its evidence. The twin of {@link TestRunningJudge}; pure.
 */
public final class TestWritingJudge {
    private TestWritingJudge() {}

    /**
     * What a test-writing run measured.
     *
     * @param target the file the run was about, if any
     * @param baseline the pristine checkout's measurement
     * @param runs every replayed run with the agent's tests, in order (empty when nothing was replayed)
     * @param gainRun the run without failing or flaky new tests, when there were such tests
     * @param replayFailed whether the replay failed to produce a measurement (then there is no gain)
     * @param modifications the agent's changes, classified
     * @param violations found in the diff, the static checks and the tamper checks
     * @param assertions the assertion check of the added tests
     */
    public record Evidence(
            Optional<String> target,
            Measurement baseline,
            List<Measurement> runs,
            Optional<Measurement> gainRun,
            boolean replayFailed,
            Modifications modifications,
            List<Violation> violations,
            AssertionCheck.Result assertions,
            Usage usage,
            Optional<BigDecimal> cost) {
        public Evidence {
            requireNonNull(target, "target is null");
            requireNonNull(baseline, "baseline is null");
            runs = List.copyOf(runs);
            requireNonNull(gainRun, "gainRun is null");
            requireNonNull(modifications, "modifications is null");
            violations = List.copyOf(violations);
            requireNonNull(assertions, "assertions is null");
            requireNonNull(usage, "usage is null");
            requireNonNull(cost, "cost is null");
        }
    }

    public static TestWritingOutcome judge(Evidence evidence) {
        Measurement baseline = evidence.baseline();
        Optional<String> target = evidence.target();
        Optional<Measurement> first = evidence.runs().isEmpty() ? Optional.empty() : Optional.of(evidence.runs().get(0));
        List<Violation> violations = new ArrayList<>(evidence.violations());
        // the gain is measured without new tests that failed in any run, when there were such tests;
        // there is none when the replay failed or its checkout was tampered with
        Optional<Measurement> gain = evidence.replayFailed() || TamperCheck.voidsGain(violations)
                ? Optional.empty()
                : evidence.gainRun().or(() -> first);
        boolean precise = baseline.tests().map(TestReport::precise).orElse(false)
                && !evidence.runs().isEmpty()
                && evidence.runs().stream().allMatch(run -> run.tests().map(TestReport::precise).orElse(false));
        AssertionCheck.Result assertions = evidence.assertions();
        TestAccounting accounting = precise
                ? accounting(baseline, evidence.runs(), assertions)
                : new TestAccounting(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                        assertions.assertionFree(), assertions.testFunctionsAdded(), evidence.runs().size());
        violations.addAll(testViolations(accounting, assertions));
        baseline.loadErrors().forEach(module -> violations.add(new Violation(Violation.Kind.TEST_LOAD_ERROR, module,
                "a test module of the baseline fails to load: its tests run neither before nor after", "")));
        newLoadErrors(baseline, evidence.runs()).forEach(module -> violations.add(new Violation(Violation.Kind.TEST_LOAD_ERROR,
                module, "a test module fails to load with the agent's tests; left out of the gain", "")));
        Optional<CoverageDelta> delta = gain.map(m -> CoverageDelta.between(baseline.coverage(), m.coverage()));
        return new TestWritingOutcome(
                baseline.coverage().summary(),
                gain.map(m -> m.coverage().summary()),
                target.map(file -> fileSummary(baseline.coverage(), file)),
                gain.flatMap(m -> target.map(file -> fileSummary(m.coverage(), file))),
                delta,
                gain.flatMap(m -> target.map(file -> CoverageDelta.forFile(baseline.coverage(), m.coverage(), file))),
                baseline.tests().map(TestReport::summary).orElse(TestSummary.EMPTY),
                first.flatMap(Measurement::tests).map(TestReport::summary),
                precise,
                accounting,
                evidence.modifications(),
                violations,
                Efficiency.of(delta.map(CoverageDelta::newlyCoveredLines).orElse(0L), evidence.usage(), evidence.cost()));
    }

    /**
     * Why a baseline cannot be measured against, if it cannot: its tests all failed to load (the
     * recipe did not install what they import), or the target file is not in its coverage report
     * (the recipe does not measure it). Numbers from such a baseline would look fine and mean nothing.
     */
    public static Optional<RunError> baselineProblem(Measurement baseline, Optional<String> target) {
        List<String> loadErrors = baseline.loadErrors();
        if (!loadErrors.isEmpty() && baseline.tests().map(t -> t.summary().total() == 0).orElse(false)) {
            return Optional.of(new RunError(ErrorCode.TEST_EXECUTION, "every test module failed to load ("
                    + loadErrors.size() + ": " + abbreviate(loadErrors) + "); does the setup install the project and its"
                    + " test dependencies?", String.join("\n", loadErrors)));
        }
        if (target.isPresent() && baseline.coverage().file(target.get()).isEmpty()) {
            List<String> measured = List.copyOf(baseline.coverage().files().keySet());
            return Optional.of(new RunError(ErrorCode.TEST_EXECUTION, "the coverage report does not measure the target "
                    + target.get() + " (it measures " + measured.size() + " source file(s)"
                    + (measured.isEmpty() ? "" : ": " + abbreviate(measured)) + ")", String.join("\n", measured)));
        }
        return Optional.empty();
    }

    /** Test modules that failed to load with the agent's tests but not in the baseline: left out of the gain run. */
    public static List<String> newLoadErrors(Measurement baseline, List<Measurement> runs) {
        Set<String> before = new HashSet<>(baseline.loadErrors());
        return runs.stream().flatMap(run -> run.loadErrors().stream())
                .filter(module -> !before.contains(module))
                .distinct().sorted().toList();
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }

    /** New tests (not in the baseline) that failed in any run: they do not count towards the gain. */
    public static List<String> excludedNewTests(Measurement baseline, List<Measurement> runs) {
        Set<String> before = testIds(baseline);
        Set<String> excluded = new TreeSet<>();
        for (Measurement run : runs) {
            run.tests().filter(TestReport::precise).ifPresent(report -> report.tests().stream()
                    .filter(test -> !before.contains(test.id()))
                    .filter(test -> failed(test.status()))
                    .forEach(test -> excluded.add(test.id())));
        }
        return List.copyOf(excluded);
    }

    /** The test ids of a measurement, in report order. */
    public static Set<String> testIds(Measurement measurement) {
        return measurement.tests()
                .map(report -> report.tests().stream().map(TestCase::id).collect(Collectors.toCollection(LinkedHashSet::new)))
                .orElseGet(LinkedHashSet::new);
    }

    /** Test ids of the baseline against every replayed run. */
    private static TestAccounting accounting(Measurement baseline, List<Measurement> replayed, AssertionCheck.Result assertions) {
        Map<String, TestStatus> before = statuses(baseline);
        List<Map<String, TestStatus>> runs = replayed.stream().map(TestWritingJudge::statuses).toList();
        Map<String, TestStatus> first = runs.get(0);
        List<String> added = first.keySet().stream().filter(id -> !before.containsKey(id)).sorted().toList();
        // a baseline test whose module no longer loads did not run: it is broken, not removed
        TestReport firstReport = replayed.get(0).tests().orElseThrow();
        Set<String> unloaded = before.keySet().stream()
                .filter(id -> !first.containsKey(id) && firstReport.inLoadError(id)).collect(Collectors.toSet());
        List<String> removed = before.keySet().stream()
                .filter(id -> !first.containsKey(id) && !firstReport.inLoadError(id)).sorted().toList();
        List<String> newlySkipped = before.entrySet().stream()
                .filter(e -> e.getValue() != TestStatus.SKIPPED && first.get(e.getKey()) == TestStatus.SKIPPED)
                .map(Map.Entry::getKey).sorted().toList();
        List<String> nowFailing = before.entrySet().stream()
                .filter(e -> e.getValue() == TestStatus.PASSED
                        && (failed(first.get(e.getKey())) || unloaded.contains(e.getKey())))
                .map(Map.Entry::getKey).sorted().toList();
        List<String> newFailing = new ArrayList<>();
        List<String> flaky = new ArrayList<>();
        for (String id : added) {
            long failures = runs.stream().filter(run -> failed(run.get(id))).count();
            if (failures == runs.size()) {
                newFailing.add(id);
            } else if (failures > 0) {
                flaky.add(id);
            }
        }
        return new TestAccounting(added, removed, newlySkipped, nowFailing, newFailing, flaky,
                assertions.assertionFree(), assertions.testFunctionsAdded(), runs.size());
    }

    private static List<Violation> testViolations(TestAccounting tests, AssertionCheck.Result assertions) {
        List<Violation> violations = new ArrayList<>();
        tests.removed().forEach(id -> violations.add(new Violation(Violation.Kind.TEST_REMOVED, id,
                "a test of the baseline is gone (deleted or renamed)", "")));
        tests.newlySkipped().forEach(id -> violations.add(new Violation(Violation.Kind.TEST_NEWLY_SKIPPED, id,
                "a test of the baseline is now skipped", "")));
        tests.nowFailing().forEach(id -> violations.add(new Violation(Violation.Kind.TEST_NOW_FAILING, id,
                "a test of the baseline that passed now fails", "")));
        tests.newFailing().forEach(id -> violations.add(new Violation(Violation.Kind.NEW_TEST_FAILING, id,
                "a new test failed in every one of " + tests.runs() + " runs; left out of the gain", "")));
        tests.flaky().forEach(id -> violations.add(new Violation(Violation.Kind.FLAKY_TEST, id,
                "a new test failed in some of " + tests.runs() + " runs; left out of the gain", "")));
        tests.assertionFree().forEach(id -> violations.add(new Violation(Violation.Kind.ASSERTION_FREE_TEST, id,
                "a new test function asserts nothing", assertions.evidence().getOrDefault(id, ""))));
        return violations;
    }

    private static Map<String, TestStatus> statuses(Measurement measurement) {
        Map<String, TestStatus> statuses = new LinkedHashMap<>();
        measurement.tests().ifPresent(report -> report.tests().forEach(test -> statuses.put(test.id(), test.status())));
        return statuses;
    }

    private static boolean failed(TestStatus status) {
        return status == TestStatus.FAILED || status == TestStatus.ERROR;
    }

    /** A target the report does not list has nothing covered: zero of zero, not a missing value. */
    private static CoverageSummary fileSummary(CoverageReport report, String file) {
        return report.file(file).map(FileCoverage::summary).orElse(CoverageSummary.EMPTY);
    }
}
