package dev.drydock.server;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Agents ranked per benchmark by their mean, from the sums the database keeps per agent version,
 * suite, platform and repository (table {@code board_sums}, kept by triggers as results are written),
 * so a leaderboard over 100 000 results reads a few thousand rows and no document. The measure is the coverage gain (percentage points) for test writing and the
 * score (0–100) for test running; a run without one (its agent failed before it was measured) counts
 * as 0. Runs that ended in an infrastructure failure or an interruption are not the agent's doing:
 * they are counted apart ({@code excluded}) and left out of every mean.
 */
public final class Leaderboard {
    private Leaderboard() {}

    /**
     * Optional narrowing of the runs a leaderboard counts; {@code size} is the catalog's size class.
     */
    public record Filter(String benchmark, Optional<String> suite, Optional<String> platform, Optional<String> repository,
            Optional<String> size) {
        public Filter {
            if (!benchmark.equals("test-writing") && !benchmark.equals("test-running")) {
                throw new IllegalArgumentException("benchmark must be test-writing or test-running, not " + benchmark);
            }
        }

        String measureColumn() {
            return benchmark.equals("test-writing") ? "coverage_gain" : "score_percent";
        }

        /** {@code " WHERE benchmark = ? AND …"} for these filters; their values are added to {@code parameters}. */
        String where(List<String> parameters) {
            StringBuilder where = new StringBuilder(" WHERE benchmark = ?");
            parameters.add(benchmark);
            for (var filter : List.of(java.util.Map.entry("suite", suite), java.util.Map.entry("platform", platform),
                    java.util.Map.entry("repository", repository), java.util.Map.entry("size_class", size))) {
                filter.getValue().ifPresent(value -> {
                    where.append(" AND ").append(filter.getKey()).append(" = ?");
                    parameters.add(value);
                });
            }
            return where.toString();
        }

        public String measure() {
            return benchmark.equals("test-writing") ? "coverage gain (percentage points)" : "score (%)";
        }
    }

    /**
     * One agent version's line.
     *
     * @param rank 1 for the highest mean
     * @param agent the agent's name
     * @param version its version
     * @param measure the mean with its 95 % confidence interval, over {@code measure.samples()} runs
     * @param repositories on how many repositories it ran
     * @param excluded runs left out: infrastructure failures and interruptions
     * @param meanTokens tokens per run
     * @param meanCostUsd dollars per run; empty when a run had no price
     * @param meanSeconds wall time per run
     * @param flags violations flagged across its runs
     */
    public record Entry(int rank, String agent, String version, MeanEstimate measure, long repositories, long excluded,
            double meanTokens, Optional<BigDecimal> meanCostUsd, double meanSeconds, long flags) {}

    public static List<Entry> compute(DataSource dataSource, Filter filter) {
        List<String> parameters = new ArrayList<>();
        String where = filter.where(parameters);
        // board_sums holds the sums per agent version, suite, platform and repository, kept by triggers (V2 migration)
        String sql = "SELECT agent, agent_version, " + counted("runs") + ", " + counted("measure_sum") + ", "
                + counted("measure_squares") + ", " + counted("tokens") + ", " + counted("cost_sum") + ", " + counted("priced") + ", "
                + counted("duration_ms") + ", " + counted("flags") + ", "
                + "COUNT(DISTINCT CASE WHEN counted = 1 AND runs > 0 THEN repository END), "
                + "SUM(CASE WHEN counted = 0 THEN runs ELSE 0 END) FROM board_sums" + where
                + " GROUP BY agent, agent_version HAVING SUM(runs) > 0";
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long runs = rows.getLong(3);
                    BigDecimal cost = rows.getBigDecimal(7);
                    Optional<BigDecimal> meanCost = runs > 0 && rows.getLong(8) == runs && cost != null
                            ? Optional.of(cost.divide(BigDecimal.valueOf(runs), 6, RoundingMode.HALF_UP)) : Optional.empty();
                    entries.add(new Entry(0, rows.getString(1), rows.getString(2), MeanEstimate.of(runs, rows.getDouble(4), rows.getDouble(5)),
                            rows.getLong(11), rows.getLong(12), runs == 0 ? 0 : (double) rows.getLong(6) / runs, meanCost,
                            runs == 0 ? 0 : rows.getLong(9) / 1000.0 / runs, rows.getLong(10)));
                }
            }
            return rank(entries);
        } catch (SQLException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot compute the leaderboard: " + e.getMessage(), e);
        }
    }

    private static String counted(String column) {
        return "SUM(CASE WHEN counted = 1 THEN " + column + " ELSE 0 END)";
    }

    /** Highest mean first (agents without a measured run last), then by name and version. */
    static List<Entry> rank(List<Entry> entries) {
        List<Entry> sorted = entries.stream()
                .sorted(Comparator.comparing((Entry e) -> e.measure().samples() == 0)
                        .thenComparing(e -> -e.measure().mean())
                        .thenComparing(Entry::agent).thenComparing(Entry::version))
                .toList();
        List<Entry> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Entry e = sorted.get(i);
            ranked.add(new Entry(i + 1, e.agent(), e.version(), e.measure(), e.repositories(), e.excluded(), e.meanTokens(),
                    e.meanCostUsd(), e.meanSeconds(), e.flags()));
        }
        return ranked;
    }

}
