package dev.drydock.server;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** One row per run from the indexed columns alone, for the page's plots: light enough for thousands of runs. */
final class Points {
    private Points() {}

    /**
     * A run as a plot shows it.
     *
     * @param size the catalog's size class, empty outside the catalog
     * @param measure coverage gain or score; 0 when the agent failed before it was measured, like the leaderboard
     */
    record Point(String runId, String suite, String agent, String version, String repository, String platform, String size,
            String status,
            double measure, long tokens, Optional<Double> costUsd, double seconds, int flags) {}

    static List<Point> newest(DataSource dataSource, Leaderboard.Filter filter, int limit) {
        List<String> parameters = new ArrayList<>();
        String sql = "SELECT run_id, suite, agent, agent_version, repository, platform, COALESCE(size_class, ''), status, COALESCE("
                + filter.measureColumn()
                + ", 0), total_tokens, cost_usd, duration_ms, flags FROM run_results" + filter.where(parameters)
                + " AND status NOT IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') ORDER BY started_at DESC, run_id DESC LIMIT " + limit;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            List<Point> points = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    double cost = rows.getDouble(11);
                    Optional<Double> costUsd = rows.wasNull() ? Optional.empty() : Optional.of(cost);
                    points.add(new Point(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8), rows.getDouble(9),
                            rows.getLong(10), costUsd, rows.getLong(12) / 1000.0, rows.getInt(13)));
                }
            }
            return points;
        } catch (SQLException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot read the runs for the plots: " + e.getMessage(), e);
        }
    }
}
