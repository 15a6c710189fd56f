package dev.drydock.core;

import dev.drydock.api.CoverageSummary;
import dev.drydock.api.RunResult;
import dev.drydock.api.TestWritingOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The terminal summary of a suite: one row per run with the seed's four measures (tests added,
 * coverage gained, modifications, tokens) plus status and time.
 */
public final class SummaryTable {
    private static final String[] HEADERS = {
        "agent", "repository", "target", "status", "cov before", "cov after", "+lines", "+branches", "target cov",
        "tests +/-", "files", "+/- lines", "tokens", "time"
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
            String.valueOf(result.usage().totalTokens()),
            String.format(Locale.ROOT, "%.1fs", result.duration().toMillis() / 1000.0)
        };
    }

    /** Tests added/removed by id; with counts only (no JUnit report), the change in the count, marked with ~. */
    private static String tests(TestWritingOutcome outcome) {
        if (outcome.testsPrecise()) {
            return "+" + outcome.testsAdded().size() + "/-" + outcome.testsRemoved().size();
        }
        return outcome.testsAfter()
                .map(after -> String.format(Locale.ROOT, "~%+d", after.total() - outcome.testsBefore().total()))
                .orElse("-");
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
