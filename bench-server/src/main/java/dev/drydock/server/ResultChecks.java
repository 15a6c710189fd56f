package dev.drydock.server;

import dev.drydock.api.CoverageDelta;
import dev.drydock.api.RunResult;
import dev.drydock.api.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a submitted result must satisfy beyond its schema and its records' own checks (those reject
 * covered &gt; total, a score outside 0–100, counts that do not add up): the numbers must agree with
 * each other, so a hand-made result cannot claim more than it measured. Each problem names its
 * place by JSON pointer.
 */
final class ResultChecks {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private ResultChecks() {}

    static List<String> problems(String at, RunResult result, Instant now) {
        List<String> problems = new ArrayList<>();
        if (result.schemaVersion() < 1 || result.schemaVersion() > RunResult.SCHEMA_VERSION) {
            problems.add(at + "/schemaVersion: " + result.schemaVersion() + " is not a version this server reads (1 to "
                    + RunResult.SCHEMA_VERSION + ")");
        }
        if (result.runId().isBlank() || result.runId().length() > 200) {
            problems.add(at + "/runId: must be 1 to 200 characters");
        }
        if (!result.benchmark().equals("test-writing") && !result.benchmark().equals("test-running")) {
            problems.add(at + "/benchmark: must be test-writing or test-running, not " + result.benchmark());
        }
        if (result.testWriting().isPresent() && !result.benchmark().equals("test-writing")) {
            problems.add(at + "/testWriting: only a test-writing run has test-writing measurements");
        }
        if (result.testRunning().isPresent() && !result.benchmark().equals("test-running")) {
            problems.add(at + "/testRunning: only a test-running run has test-running measurements");
        }
        if (result.repository().size().filter(size -> !List.of("small", "medium", "large").contains(size)).isPresent()) {
            problems.add(at + "/repository/size: must be small, medium or large, not " + result.repository().size().get());
        }
        if (!COMMIT.matcher(result.repository().commit()).matches()) {
            problems.add(at + "/repository/commit: must be a full commit id, not " + result.repository().commit());
        }
        if (result.repetition() < 1) {
            problems.add(at + "/repetition: must be at least 1");
        }
        if (result.finishedAt().isBefore(result.startedAt())) {
            problems.add(at + "/finishedAt: is before startedAt");
        }
        if (result.finishedAt().isAfter(now.plus(CLOCK_SKEW))) {
            problems.add(at + "/finishedAt: is in the future");
        }
        Usage usage = result.usage();
        if (usage.cachedInputTokens() > usage.inputTokens()) {
            problems.add(at + "/usage/cachedInputTokens: more than inputTokens");
        }
        if (result.costUsd().map(cost -> cost.signum() < 0).orElse(false)) {
            problems.add(at + "/costUsd: is negative");
        }
        if (result.costUsd().map(cost -> cost.compareTo(BigDecimal.ZERO) > 0).orElse(false) && usage.requests() == 0) {
            problems.add(at + "/costUsd: a run without LLM requests cost nothing");
        }
        result.testWriting().ifPresent(outcome -> {
            check(problems, at + "/testWriting/delta", outcome.delta());
            check(problems, at + "/testWriting/targetDelta", outcome.targetDelta());
            outcome.delta().ifPresent(delta -> {
                if (!delta.baseline().equals(outcome.coverageBefore())) {
                    problems.add(at + "/testWriting/delta/baseline: differs from coverageBefore");
                }
            });
        });
        return problems;
    }

    private static void check(List<String> problems, String at, Optional<CoverageDelta> delta) {
        delta.ifPresent(d -> {
            long total = d.baseline().linesTotal();
            long uncovered = total - d.baseline().linesCovered();
            if (d.coveredAfter() > total) {
                problems.add(at + "/coveredAfter: " + d.coveredAfter() + " lines covered of " + total);
            }
            if (d.newlyCoveredLines() > uncovered) {
                problems.add(at + "/newlyCoveredLines: " + d.newlyCoveredLines() + " newly covered but only " + uncovered
                        + " were uncovered");
            }
            if (d.lostLines() > d.baseline().linesCovered()) {
                problems.add(at + "/lostLines: " + d.lostLines() + " lost but only " + d.baseline().linesCovered() + " were covered");
            }
            if (d.coveredAfter() != d.baseline().linesCovered() + d.newlyCoveredLines() - d.lostLines()) {
                problems.add(at + "/coveredAfter: " + d.coveredAfter() + " is not covered before + newly covered - lost ("
                        + (d.baseline().linesCovered() + d.newlyCoveredLines() - d.lostLines()) + ")");
            }
            if (d.branchesCoveredAfter() > d.baseline().branchesTotal() || d.newlyCoveredBranches() > d.branchesCoveredAfter()) {
                problems.add(at + "/branchesCoveredAfter: more branches covered than the baseline has");
            }
        });
    }
}
