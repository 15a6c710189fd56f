package dev.drydock.core;

import dev.drydock.api.CoverageSummary;
import dev.drydock.api.RunResult;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The terminal summary of a suite: one row per run with the seed's four measures (tests added,
 * coverage gained, modifications, tokens) plus status and time.
 */
public final class SummaryTable {
    private static final String[] HEADERS = {
        "agent", "repository", "target", "status", "cov before", "cov after", "+lines", "+branches", "target cov",
        "tests +/-", "files", "+/- lines", "flags", "tokens", "cost", "time"
    };

    private SummaryTable() {}

    public static String render(List<RunResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (RunResult result : results) {
            rows.add(row(result));
        }
        int[] widths = new int[HEADERS.length];
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
        for (RunResult result : results) {
            result.error().ifPresent(error -> out.append(String.format(Locale.ROOT, "%s on %s%s: %s %s%n",
                    result.agent().name(), result.repository().name(),
                    result.target().map(t -> ":" + t).orElse(""), error.code(), error.message())));
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
            String.valueOf(result.usage().totalTokens()),
            result.costUsd().map(cost -> String.format(Locale.ROOT, "$%.4f", cost)).orElse("?"),
            String.format(Locale.ROOT, "%.1fs", result.duration().toMillis() / 1000.0)
        };
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

    /** The kinds of violations, shortest names, in a fixed order; {@code -} for none. */
    private static String flags(TestWritingOutcome outcome) {
        String flags = outcome.violations().stream()
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
        };
    }

    private static String status(RunResult result) {
        return switch (result.status()) {
            case COMPLETED -> "ok";
            case AGENT_FAILED -> "agent failed";
            case AGENT_TIMED_OUT -> "agent timeout";
            case INFRASTRUCTURE_FAILED -> "infra error";
        };
    }

    private static String percent(CoverageSummary summary) {
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
