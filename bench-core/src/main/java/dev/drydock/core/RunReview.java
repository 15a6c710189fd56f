package dev.drydock.core;

import dev.drydock.api.CoverageSummary;
import dev.drydock.api.RunResult;
import dev.drydock.api.TestRunningOutcome;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.api.Violation;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run for a person to police in a minute ({@code drydock show RUN_ID}): what ran where, the
 * numbers, and every flag with its evidence (the hunk, the lines, the expected and measured values).
 */
public final class RunReview {
    private static final String INDENT = "    ";

    private RunReview() {}

    public static String render(RunResult result) {
        StringBuilder out = new StringBuilder();
        line(out, "run         %s (%s, suite %s)", result.runId(), result.benchmark(), result.suite());
        line(out, "agent       %s %s", result.agent().name(), result.agent().version());
        line(out, "repository  %s @ %s (%s)%s", result.repository().name(), result.repository().commit(),
                result.repository().platform(), result.target().map(t -> ", target " + t).orElse(""));
        line(out, "status      %s", SummaryTable.status(result));
        result.error().ifPresent(error -> {
            line(out, "error       %s: %s", error.code(), error.message());
            if (!error.detail().isBlank()) {
                out.append(indent(error.detail()));
            }
        });
        result.isolation().ifPresent(isolation -> line(out, "isolation   %s", isolation.describe()));
        line(out, "usage       %d tokens, %s, %.1fs", result.usage().totalTokens(),
                result.costUsd().map(c -> "$" + c.setScale(4, java.math.RoundingMode.HALF_UP)).orElse("cost unknown"),
                result.duration().toMillis() / 1000.0);
        result.testWriting().ifPresent(outcome -> writing(out, outcome));
        result.testRunning().ifPresent(outcome -> running(out, outcome));
        List<Violation> flags = ScoreExplanation.flags(result);
        out.append('\n');
        if (flags.isEmpty()) {
            out.append("no flags\n");
        }
        for (Violation flag : flags) {
            line(out, "[%s] %s: %s", SummaryTable.flag(flag.kind()), flag.subject(), flag.message());
            if (!flag.evidence().isBlank()) {
                out.append(indent(flag.evidence()));
            }
        }
        return out.toString();
    }

    private static void writing(StringBuilder out, TestWritingOutcome outcome) {
        line(out, "coverage    %s -> %s%s", percent(outcome.coverageBefore()),
                outcome.coverageAfter().map(RunReview::percent).orElse("not measured"),
                outcome.delta().map(d -> String.format(Locale.ROOT, " (+%d lines, +%d branches newly covered)",
                        d.newlyCoveredLines(), d.newlyCoveredBranches())).orElse(""));
        outcome.targetBefore().ifPresent(before -> line(out, "target      %s -> %s", percent(before),
                outcome.targetAfter().map(RunReview::percent).orElse("not measured")));
        line(out, "tests       %d added, %d removed; %d test functions added",
                outcome.tests().added().size(), outcome.tests().removed().size(), outcome.tests().testFunctionsAdded());
        line(out, "changes     %d file(s)", outcome.modifications().files().size());
        outcome.modifications().files().forEach(file -> line(out, "%s%-8s %-9s +%d/-%d %s", INDENT,
                file.kind().name().toLowerCase(Locale.ROOT), file.category().name().toLowerCase(Locale.ROOT),
                file.linesAdded(), file.linesRemoved(), file.path()));
    }

    private static void running(StringBuilder out, TestRunningOutcome outcome) {
        TestRunningOutcome.Score score = outcome.score();
        line(out, "score       %d%% (detection %s, setup %s, tests %s, coverage %s)", score.percent(), pass(Optional.of(score.detection())),
                pass(score.setup()), pass(score.tests()), pass(score.coverage()));
        ScoreExplanation.failedParts(outcome).forEach(part -> line(out, "%s%s", INDENT, part));
        outcome.coverage().ifPresent(coverage -> line(out, "coverage    %s (measured)", percent(coverage)));
        outcome.measurementProblem().ifPresent(problem -> line(out, "problem     %s", problem));
        outcome.claimProblem().ifPresent(problem -> line(out, "claim       %s", problem));
    }

    private static String pass(Optional<Boolean> part) {
        return part.map(ok -> ok ? "ok" : "FAILED").orElse("not scored");
    }

    private static String percent(CoverageSummary summary) {
        return summary.linesTotal() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%% of %d lines",
                100.0 * summary.linesCovered() / summary.linesTotal(), summary.linesTotal());
    }

    private static String indent(String text) {
        StringBuilder out = new StringBuilder();
        text.strip().lines().forEach(line -> out.append(INDENT).append(line).append('\n'));
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
