-- Sums per agent version, suite, platform, repository and size class ('' outside the catalog) of what leaderboards show, kept by
-- triggers in the same transaction as every insert, update and delete of run_results: a leaderboard
-- reads a few thousand of these rows instead of every result. "counted" is 0 for the runs that are
-- not the agent's doing (infrastructure failures, interruptions); the measure is the coverage gain
-- for test writing and the score for test running, 0 when the run has none.
-- Newest-first listings by benchmark (the page's points) and by agent (its drill-down) read in index
-- order instead of sorting; the leaderboard no longer reads run_results, so its index goes.
DROP INDEX run_results_agent;
CREATE INDEX run_results_benchmark ON run_results (benchmark, started_at, run_id);
CREATE INDEX run_results_agent ON run_results (agent, started_at, run_id);

CREATE TABLE board_sums (
    benchmark       TEXT    NOT NULL,
    agent           TEXT    NOT NULL,
    agent_version   TEXT    NOT NULL,
    suite           TEXT    NOT NULL,
    platform        TEXT    NOT NULL,
    repository      TEXT    NOT NULL,
    size_class      TEXT    NOT NULL,
    counted         INTEGER NOT NULL,
    runs            BIGINT  NOT NULL,
    measure_sum     DOUBLE PRECISION NOT NULL,
    measure_squares DOUBLE PRECISION NOT NULL,
    tokens          BIGINT  NOT NULL,
    cost_sum        NUMERIC NOT NULL,
    priced          BIGINT  NOT NULL,
    duration_ms     BIGINT  NOT NULL,
    flags           BIGINT  NOT NULL,
    PRIMARY KEY (benchmark, agent, agent_version, suite, platform, repository, size_class, counted)
);

INSERT INTO board_sums (benchmark, agent, agent_version, suite, platform, repository, size_class, counted, runs, measure_sum, measure_squares, tokens, cost_sum, priced, duration_ms, flags)
SELECT benchmark, agent, agent_version, suite, platform, repository, COALESCE(size_class, ''), CASE WHEN status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END, COUNT(*), SUM(COALESCE(CASE benchmark WHEN 'test-writing' THEN coverage_gain ELSE score_percent END, 0)), SUM(COALESCE(CASE benchmark WHEN 'test-writing' THEN coverage_gain ELSE score_percent END, 0) * COALESCE(CASE benchmark WHEN 'test-writing' THEN coverage_gain ELSE score_percent END, 0)), SUM(total_tokens), SUM(COALESCE(cost_usd, 0)), COUNT(cost_usd), SUM(duration_ms), SUM(flags)
FROM run_results GROUP BY benchmark, agent, agent_version, suite, platform, repository, COALESCE(size_class, ''), CASE WHEN status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END;

CREATE FUNCTION board_sums_add(r run_results, sign INTEGER) RETURNS void AS $$
DECLARE
    m DOUBLE PRECISION := COALESCE(CASE r.benchmark WHEN 'test-writing' THEN r.coverage_gain ELSE r.score_percent END, 0);
BEGIN
    INSERT INTO board_sums (benchmark, agent, agent_version, suite, platform, repository, size_class, counted, runs, measure_sum, measure_squares, tokens, cost_sum, priced, duration_ms, flags)
    VALUES (r.benchmark, r.agent, r.agent_version, r.suite, r.platform, r.repository, COALESCE(r.size_class, ''),
            CASE WHEN r.status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END,
            sign, sign * m, sign * m * m, sign * r.total_tokens, sign * COALESCE(r.cost_usd, 0),
            sign * CASE WHEN r.cost_usd IS NULL THEN 0 ELSE 1 END, sign * r.duration_ms, sign * r.flags)
    ON CONFLICT (benchmark, agent, agent_version, suite, platform, repository, size_class, counted) DO UPDATE SET
        runs = board_sums.runs + excluded.runs, measure_sum = board_sums.measure_sum + excluded.measure_sum,
        measure_squares = board_sums.measure_squares + excluded.measure_squares, tokens = board_sums.tokens + excluded.tokens,
        cost_sum = board_sums.cost_sum + excluded.cost_sum, priced = board_sums.priced + excluded.priced,
        duration_ms = board_sums.duration_ms + excluded.duration_ms, flags = board_sums.flags + excluded.flags;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION run_results_board() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM board_sums_add(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM board_sums_add(NEW, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER run_results_board AFTER INSERT OR UPDATE OR DELETE ON run_results
    FOR EACH ROW EXECUTE FUNCTION run_results_board();
