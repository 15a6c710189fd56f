package dev.drydock.server;

import dev.drydock.api.CoverageDelta;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Two agents compared where both ran: per repository and target, each agent's mean measure (over its
 * repetitions), their difference, and the mean difference over those pairs with a 95 % confidence
 * interval from the paired t distribution. Pairing removes what the repositories differ in, so a
 * small difference between agents shows when a leaderboard's wide intervals would hide it. The
 * measure and the runs counted are the leaderboard's.
 *
 * @param agentA the first agent (a positive difference favours it)
 * @param agentB the second agent
 * @param benchmark test-writing (coverage gain, pp) or test-running (score, %)
 * @param pairs the repositories and targets both ran on, sorted
 * @param difference the mean difference A − B over the pairs, with its interval
 */
public record PairedComparison(String agentA, String agentB, String benchmark, List<Pair> pairs, MeanEstimate difference) {
    public PairedComparison {
        pairs = List.copyOf(pairs);
    }

    /** One repository and target both agents ran on. */
    public record Pair(String repository, Optional<String> target, double meanA, double meanB) {
        public double difference() {
            return meanA - meanB;
        }
    }

    public static PairedComparison of(List<RunResult> results, String benchmark, String agentA, String agentB) {
        Map<List<String>, List<Double>> a = measures(results, benchmark, agentA);
        Map<List<String>, List<Double>> b = measures(results, benchmark, agentB);
        List<Pair> pairs = new ArrayList<>();
        List<Double> differences = new ArrayList<>();
        a.forEach((key, valuesA) -> {
            List<Double> valuesB = b.get(key);
            if (valuesB != null) {
                Pair pair = new Pair(key.get(0), Optional.of(key.get(1)).filter(t -> !t.isEmpty()), mean(valuesA), mean(valuesB));
                pairs.add(pair);
                differences.add(pair.difference());
            }
        });
        return new PairedComparison(agentA, agentB, benchmark, pairs, MeanEstimate.of(differences));
    }

    /** The leaderboard's measure of a run: coverage gain in percentage points, or the score; 0 when not measured. */
    public static double measure(RunResult result) {
        if (result.benchmark().equals("test-writing")) {
            return result.testWriting().flatMap(o -> o.delta()).map(CoverageDelta::percentGained).orElse(0.0);
        }
        return result.testRunning().map(o -> (double) o.score().percent()).orElse(0.0);
    }

    private static Map<List<String>, List<Double>> measures(List<RunResult> results, String benchmark, String agent) {
        Map<List<String>, List<Double>> byPair = new TreeMap<>((x, y) -> String.join("\n", x).compareTo(String.join("\n", y)));
        for (RunResult result : results) {
            if (result.benchmark().equals(benchmark) && result.agent().name().equals(agent)
                    && result.status() != RunStatus.INFRASTRUCTURE_FAILED && result.status() != RunStatus.INTERRUPTED) {
                byPair.computeIfAbsent(List.of(result.repository().name(), result.target().orElse("")), k -> new ArrayList<>())
                        .add(measure(result));
            }
        }
        return byPair;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
