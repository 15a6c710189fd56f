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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Agents ranked per benchmark by their mean, aggregated in SQL so a leaderboard over 100 000 results
 * reads no document. The measure is the coverage gain (percentage points) for test writing and the
 * score (0–100) for test running; a run without one (its agent failed before it was measured) counts
 * as 0. Runs that ended in an infrastructure failure or an interruption are not the agent's doing:
 * they are counted apart ({@code excluded}) and left out of every mean.
 */
public final class Leaderboard {
    private static final String NOT_THE_AGENTS = "('INFRASTRUCTURE_FAILED', 'INTERRUPTED')";

    private Leaderboard() {}

    /**
     * Optional narrowing of the runs a leaderboard counts.
     */
    public record Filter(String benchmark, Optional<String> suite, Optional<String> platform, Optional<String> repository) {
        public Filter {
            if (!benchmark.equals("test-writing") && !benchmark.equals("test-running")) {
                throw new IllegalArgumentException("benchmark must be test-writing or test-running, not " + benchmark);
            }
        }

        String measureColumn() {
            return benchmark.equals("test-writing") ? "coverage_gain" : "score_percent";
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
        StringBuilder where = new StringBuilder(" WHERE benchmark = ?");
        List<String> parameters = new ArrayList<>(List.of(filter.benchmark()));
        filter.suite().ifPresent(value -> add(where, parameters, "suite", value));
        filter.platform().ifPresent(value -> add(where, parameters, "platform", value));
        filter.repository().ifPresent(value -> add(where, parameters, "repository", value));
        String measured = "SELECT agent, agent_version, COUNT(*), SUM(m), SUM(m * m), SUM(total_tokens), SUM(cost_usd), "
                + "COUNT(cost_usd), SUM(duration_ms), SUM(flags), COUNT(DISTINCT repository) FROM (SELECT agent, agent_version, "
                + "COALESCE(" + filter.measureColumn() + ", 0) AS m, total_tokens, cost_usd, duration_ms, flags, repository "
                + "FROM run_results" + where + " AND status NOT IN " + NOT_THE_AGENTS + ") r GROUP BY agent, agent_version";
        String excluded = "SELECT agent, agent_version, COUNT(*) FROM run_results" + where + " AND status IN " + NOT_THE_AGENTS
                + " GROUP BY agent, agent_version";
        try (Connection connection = dataSource.getConnection()) {
            Map<List<String>, Long> excludedCounts = new HashMap<>();
            try (PreparedStatement statement = prepare(connection, excluded, parameters); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    excludedCounts.put(List.of(rows.getString(1), rows.getString(2)), rows.getLong(3));
                }
            }
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement statement = prepare(connection, measured, parameters); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    long runs = rows.getLong(3);
                    List<String> key = List.of(rows.getString(1), rows.getString(2));
                    BigDecimal cost = rows.getBigDecimal(7);
                    Optional<BigDecimal> meanCost = rows.getLong(8) == runs && cost != null
                            ? Optional.of(cost.divide(BigDecimal.valueOf(runs), 6, RoundingMode.HALF_UP)) : Optional.empty();
                    entries.add(new Entry(0, key.get(0), key.get(1), MeanEstimate.of(runs, rows.getDouble(4), rows.getDouble(5)),
                            rows.getLong(11), excludedCounts.getOrDefault(key, 0L), (double) rows.getLong(6) / runs, meanCost,
                            rows.getLong(9) / 1000.0 / runs, rows.getLong(10)));
                    excludedCounts.remove(key);
                }
            }
            // agents all of whose runs were excluded still get a line, without a mean
            excludedCounts.forEach((key, count) -> entries.add(new Entry(0, key.get(0), key.get(1), MeanEstimate.of(0, 0, 0), 0,
                    count, 0, Optional.empty(), 0, 0)));
            return rank(entries);
        } catch (SQLException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot compute the leaderboard: " + e.getMessage(), e);
        }
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

    private static void add(StringBuilder where, List<String> parameters, String column, String value) {
        where.append(" AND ").append(column).append(" = ?");
        parameters.add(value);
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<String> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setString(i + 1, parameters.get(i));
        }
        return statement;
    }
}
