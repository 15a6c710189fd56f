package dev.drydock.core;

import dev.drydock.core.policing.TestRunningJudge;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.RunResult;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.TestSummary;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The terminal summary of a suite, one table per benchmark. Test writing: one row per run with the
 * seed's four measures (tests added, coverage gained, modifications, tokens) plus status and time.
 * Test running: detection, setup, tests against the reference, coverage, the claim's gap, flags, score.
 */
public final class SummaryTable {
    private static final String[] WRITING = {
        "agent", "repository", "target", "status", "cov before", "cov after", "+lines", "+branches", "target cov",
        "tests +/-", "files", "+/- lines", "flags", "tokens", "cost", "time"
    };
    private static final String[] RUNNING = {
        "agent", "repository", "status", "detection", "setup", "tests (ref)", "coverage (ref)", "claim gap", "flags",
        "score", "tokens", "cost", "time"
    };

    private SummaryTable() {}

    public static String render(List<RunResult> results) {
        List<RunResult> writing = results.stream().filter(r -> !r.benchmark().equals("test-running")).toList();
        List<RunResult> running = results.stream().filter(r -> r.benchmark().equals("test-running")).toList();
        StringBuilder out = new StringBuilder();
        if (!writing.isEmpty() || running.isEmpty()) {
            out.append(table(WRITING, writing.stream().map(SummaryTable::row).toList()));
        }
        if (!running.isEmpty()) {
            out.append(out.length() == 0 ? "" : "\n").append(table(RUNNING, running.stream().map(SummaryTable::runningRow).toList()));
        }
        // under the table, why: every error, failed score part and flag, expected against measured
        for (RunResult result : results) {
            String run = result.agent().name() + " on " + result.repository().name() + result.target().map(t -> ":" + t).orElse("");
            result.error().ifPresent(error -> out.append(run).append(": ").append(error.code()).append(' ')
                    .append(error.message()).append('\n'));
            ScoreExplanation.lines(result).forEach(line -> out.append(run).append(": ").append(line).append('\n'));
        }
        // the isolation the agents actually had, so nobody reads unsandboxed numbers as sandboxed ones
        results.stream()
                .flatMap(result -> result.isolation().stream())
                .collect(Collectors.groupingBy(isolation -> isolation.describe()
                                + (isolation.enforced().isEmpty() ? " — agents ran UNSANDBOXED" : ""),
                        java.util.TreeMap::new, Collectors.counting()))
                .forEach((isolation, runs) -> out.append("isolation: ").append(isolation)
                        .append(", ").append(runs).append(runs == 1 ? " run" : " runs").append('\n'));
        return out.toString();
    }

    /** Aligned columns under a header and a rule, two spaces apart, no trailing blanks. */
    public static String table(String[] headers, List<String[]> body) {
        List<String[]> rows = new ArrayList<>();
        rows.add(headers);
        rows.addAll(body);
        int[] widths = new int[headers.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append(line(rows.get(r), widths)).append('\n');
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                out.append(line(rule, widths)).append('\n');
            }
        }
        return out.toString();
    }

    private static String[] row(RunResult result) {
        Optional<TestWritingOutcome> outcome = result.testWriting();
        return new String[] {
            result.agent().name(),
            result.repository().name(),
            result.target().orElse("-"),
            status(result),
            outcome.map(o -> percent(o.coverageBefore())).orElse("-"),
            outcome.flatMap(o -> o.delta().map(d -> String.format(Locale.ROOT, "%.1f%%", d.percentAfter()))).orElse("-"),
            outcome.flatMap(o -> o.delta().map(d -> "+" + d.newlyCoveredLines())).orElse("-"),
            outcome.flatMap(o -> o.delta().map(d -> "+" + d.newlyCoveredBranches())).orElse("-"),
            outcome.flatMap(o -> o.targetBefore().map(before ->
                    percent(before) + " -> " + o.targetAfter().map(SummaryTable::percent).orElse("-"))).orElse("-"),
            outcome.map(SummaryTable::tests).orElse("-"),
            outcome.map(o -> String.valueOf(o.modifications().filesChanged())).orElse("-"),
            outcome.map(o -> "+" + o.modifications().linesAdded() + "/-" + o.modifications().linesRemoved()).orElse("-"),
            outcome.map(SummaryTable::flags).orElse("-"),
            tokens(result),
            cost(result),
            time(result)
        };
    }

    static String tokens(RunResult result) {
        return String.valueOf(result.usage().totalTokens());
    }

    static String cost(RunResult result) {
        return result.costUsd().map(cost -> String.format(Locale.ROOT, "$%.4f", cost)).orElse("?");
    }

    static String time(RunResult result) {
        return String.format(Locale.ROOT, "%.1fs", result.duration().toMillis() / 1000.0);
    }

    private static String[] runningRow(RunResult result) {
        Optional<TestRunningOutcome> outcome = result.testRunning();
        return new String[] {
            result.agent().name(),
            result.repository().name(),
            status(result),
            outcome.map(o -> o.claim().isEmpty() ? "no report" : o.score().detection() ? "ok" : "wrong").orElse("-"),
            outcome.flatMap(o -> o.setup().map(s -> s.succeeded() ? "ok" : s.timedOut() ? "timeout" : "failed")).orElse("-"),
            outcome.map(SummaryTable::testsAgainstReference).orElse("-"),
            outcome.map(SummaryTable::coverageAgainstReference).orElse("-"),
            outcome.flatMap(o -> o.claim().flatMap(c -> o.coverage().flatMap(m -> TestRunningJudge.claimGap(c, m))))
                    .map(gap -> String.format(Locale.ROOT, "%+.1fpt", gap)).orElse("-"),
            outcome.map(o -> flags(o.flags())).orElse("-"),
            outcome.map(o -> o.score().percent() + "%").orElse("-"),
            tokens(result),
            cost(result),
            time(result)
        };
    }

    /** {@code passed/ran (ref passed/ran)}: ran counts tests not skipped. */
    private static String testsAgainstReference(TestRunningOutcome outcome) {
        String measured = outcome.tests().map(SummaryTable::passedOfRun).orElse("-");
        return outcome.reference().map(ref -> measured + " (" + passedOfRun(ref.tests()) + ")").orElse(measured);
    }

    private static String passedOfRun(TestSummary tests) {
        return tests.passed() + "/" + (tests.total() - tests.skipped());
    }

    private static String coverageAgainstReference(TestRunningOutcome outcome) {
        String measured = outcome.coverage().map(SummaryTable::percent).orElse("-");
        return outcome.reference().map(ref -> measured + " (" + percent(ref.coverage()) + ")").orElse(measured);
    }

    /** Tests added/removed by id; with counts only (no JUnit report), the change in the count, marked with ~. */
    private static String tests(TestWritingOutcome outcome) {
        if (outcome.testsPrecise()) {
            return "+" + outcome.tests().added().size() + "/-" + outcome.tests().removed().size();
        }
        return outcome.testsAfter()
                .map(after -> String.format(Locale.ROOT, "~%+d", after.total() - outcome.testsBefore().total()))
                .orElse("-");
    }

    private static String flags(TestWritingOutcome outcome) {
        return flags(outcome.violations());
    }

    /** The kinds of violations, shortest names, in a fixed order; {@code -} for none. */
    static String flags(List<Violation> violations) {
        String flags = violations.stream()
                .map(Violation::kind)
                .distinct()
                .sorted()
                .map(SummaryTable::flag)
                .collect(Collectors.joining(","));
        return flags.isEmpty() ? "-" : flags;
    }

    static String flag(Violation.Kind kind) {
        return switch (kind) {
            case SOURCE_MODIFIED -> "source";
            case CONFIG_MODIFIED -> "config";
            case LOCKFILE_MODIFIED -> "lockfile";
            case EXCLUSION_MARKER_ADDED -> "marker";
            case TEST_REMOVED -> "removed";
            case TEST_NEWLY_SKIPPED -> "skipped";
            case TEST_NOW_FAILING -> "broke";
            case FLAKY_TEST -> "flaky";
            case NEW_TEST_FAILING -> "failing";
            case ASSERTION_FREE_TEST -> "no-assert";
            case SUSPICIOUS_TEST_CODE -> "suspicious";
            case SOURCE_TAMPERED -> "tampered";
            case TEST_LOAD_ERROR -> "load-error";
            case COVERAGE_FILES -> "cov-files";
            case TESTS_MODIFIED -> "tests-edited";
            case DETECTION_WRONG -> "detection";
            case NO_TESTS_RUN -> "no-tests-run";
            case ALL_TESTS_SKIPPED -> "all-skipped";
            case COVERAGE_CLAIM_GAP -> "cov-claim";
            case TESTS_CLAIM_GAP -> "test-claim";
        };
    }

    static String status(RunResult result) {
        return switch (result.status()) {
            case COMPLETED -> "ok";
            case AGENT_FAILED -> "agent failed";
            case AGENT_TIMED_OUT -> "agent timeout";
            case INFRASTRUCTURE_FAILED -> "infra error";
            case INTERRUPTED -> "interrupted";
        };
    }

    static String percent(CoverageSummary summary) {
        return String.format(Locale.ROOT, "%.1f%%", summary.linePercent());
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append("  ");
            }
            out.append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
        }
        return out.toString().stripTrailing();
    }
}
