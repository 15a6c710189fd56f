package dev.drydock.core;

import dev.drydock.api.CommandRecord;
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

/**
 * Why a run scored what it did, one line per failed score part and per flag: what was expected and
 * what was measured, so that nobody has to open the results file to learn why a part is zero.
 */
public final class ScoreExplanation {
    /** Flags of one run beyond this many are counted, not listed; {@code drydock show} lists them all. */
    static final int MAX_FLAG_LINES = 8;

    private ScoreExplanation() {}

    /** The lines for one run; empty for a run with nothing failed and nothing flagged. */
    public static List<String> lines(RunResult result) {
        List<String> lines = new ArrayList<>();
        result.testRunning().ifPresent(outcome -> lines.addAll(failedParts(outcome)));
        List<Violation> flags = flags(result);
        for (int i = 0; i < flags.size(); i++) {
            if (i == MAX_FLAG_LINES) {
                lines.add("... and " + (flags.size() - i) + " more flags (drydock show " + result.runId() + ")");
                break;
            }
            Violation flag = flags.get(i);
            lines.add(SummaryTable.flag(flag.kind()) + " " + flag.subject() + ": " + flag.message());
        }
        return lines;
    }

    /** A run's flags, whichever its benchmark. */
    static List<Violation> flags(RunResult result) {
        return result.testWriting().map(TestWritingOutcome::violations)
                .or(() -> result.testRunning().map(TestRunningOutcome::flags)).orElse(List.of());
    }

    /** Each score part of a test-running run that failed, with the expected and the measured value. */
    static List<String> failedParts(TestRunningOutcome outcome) {
        List<String> lines = new ArrayList<>();
        TestRunningOutcome.Score score = outcome.score();
        if (!score.detection()) {
            lines.add("detection: " + (outcome.claim().isEmpty()
                    ? "no usable report.json" + outcome.claimProblem().map(p -> " (" + p + ")").orElse("")
                    : "the report.json's labels differ from the repository's (see the detection flag)"));
        }
        String problem = outcome.measurementProblem().map(p -> "; " + p).orElse("");
        if (score.setup().equals(Optional.of(false))) {
            lines.add("setup: expected setup.sh to exit 0; " + outcome.setup().map(ScoreExplanation::exit)
                    .orElse("it did not run") + problem);
        }
        if (score.tests().equals(Optional.of(false))) {
            String expected = outcome.reference().map(ref -> "the reference ran " + ran(ref.tests())).orElse("no reference");
            lines.add("tests: " + outcome.tests().map(t -> "measured " + ran(t)).orElse("no test counts")
                    + "; " + expected + (outcome.tests().isPresent() ? claimedTests(outcome) : problem));
        }
        if (score.coverage().equals(Optional.of(false))) {
            String expected = outcome.reference().map(ref -> "the reference measured " + percent(ref.coverage())
                    + (ref.files().isEmpty() ? "" : " in " + ref.files().size() + " files")).orElse("no reference");
            lines.add("coverage: " + outcome.coverage().map(c -> "measured " + percent(c)).orElse("no coverage measured")
                    + "; " + expected + (outcome.coverage().isPresent() ? claimedCoverage(outcome) : problem));
        }
        return lines;
    }

    private static String exit(CommandRecord command) {
        return command.timedOut() ? "it ran past its time limit"
                : "it exited " + command.exitCode().map(String::valueOf).orElse("with an unknown code");
    }

    private static String ran(TestSummary tests) {
        return (tests.total() - tests.skipped()) + " tests, " + tests.passed() + " passed";
    }

    private static String claimedTests(TestRunningOutcome outcome) {
        return outcome.claim().filter(c -> c.testsRun().isEmpty() || c.testsPassed().isEmpty())
                .map(c -> "; report.json claims no test counts").orElse("");
    }

    private static String claimedCoverage(TestRunningOutcome outcome) {
        return outcome.claim().filter(c -> c.linesCovered().isEmpty() || c.linesTotal().isEmpty())
                .map(c -> "; report.json claims no line counts").orElse("");
    }

    private static String percent(CoverageSummary coverage) {
        return String.format(Locale.ROOT, "%.1f%% (%d of %d lines)", coverage.linePercent(), coverage.linesCovered(),
                coverage.linesTotal());
    }
}
