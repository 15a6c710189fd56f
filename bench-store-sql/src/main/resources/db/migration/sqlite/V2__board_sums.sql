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
    runs            INTEGER NOT NULL,
    measure_sum     REAL    NOT NULL,
    measure_squares REAL    NOT NULL,
    tokens          INTEGER NOT NULL,
    cost_sum        NUMERIC NOT NULL,
    priced          INTEGER NOT NULL,
    duration_ms     INTEGER NOT NULL,
    flags           INTEGER NOT NULL,
    PRIMARY KEY (benchmark, agent, agent_version, suite, platform, repository, size_class, counted)
);

INSERT INTO board_sums (benchmark, agent, agent_version, suite, platform, repository, size_class, counted, runs, measure_sum, measure_squares, tokens, cost_sum, priced, duration_ms, flags)
SELECT benchmark, agent, agent_version, suite, platform, repository, COALESCE(size_class, ''), CASE WHEN status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END, COUNT(*), SUM(COALESCE(CASE benchmark WHEN 'test-writing' THEN coverage_gain ELSE score_percent END, 0)), SUM(COALESCE(CASE benchmark WHEN 'test-writing' THEN coverage_gain ELSE score_percent END, 0) * COALESCE(CASE benchmark WHEN 'test-writing' THEN coverage_gain ELSE score_percent END, 0)), SUM(total_tokens), SUM(COALESCE(cost_usd, 0)), COUNT(cost_usd), SUM(duration_ms), SUM(flags)
FROM run_results GROUP BY benchmark, agent, agent_version, suite, platform, repository, COALESCE(size_class, ''), CASE WHEN status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END;

CREATE TRIGGER run_results_board_insert AFTER INSERT ON run_results BEGIN
    INSERT INTO board_sums (benchmark, agent, agent_version, suite, platform, repository, size_class, counted, runs, measure_sum, measure_squares, tokens, cost_sum, priced, duration_ms, flags)
    VALUES (NEW.benchmark, NEW.agent, NEW.agent_version, NEW.suite, NEW.platform, NEW.repository, COALESCE(NEW.size_class, ''), CASE WHEN NEW.status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END, 1, COALESCE(CASE NEW.benchmark WHEN 'test-writing' THEN NEW.coverage_gain ELSE NEW.score_percent END, 0), COALESCE(CASE NEW.benchmark WHEN 'test-writing' THEN NEW.coverage_gain ELSE NEW.score_percent END, 0) * COALESCE(CASE NEW.benchmark WHEN 'test-writing' THEN NEW.coverage_gain ELSE NEW.score_percent END, 0), NEW.total_tokens, COALESCE(NEW.cost_usd, 0), CASE WHEN NEW.cost_usd IS NULL THEN 0 ELSE 1 END, NEW.duration_ms, NEW.flags)
    ON CONFLICT (benchmark, agent, agent_version, suite, platform, repository, size_class, counted) DO UPDATE SET runs = board_sums.runs + excluded.runs, measure_sum = board_sums.measure_sum + excluded.measure_sum, measure_squares = board_sums.measure_squares + excluded.measure_squares, tokens = board_sums.tokens + excluded.tokens, cost_sum = board_sums.cost_sum + excluded.cost_sum, priced = board_sums.priced + excluded.priced, duration_ms = board_sums.duration_ms + excluded.duration_ms, flags = board_sums.flags + excluded.flags;
END;

CREATE TRIGGER run_results_board_update AFTER UPDATE ON run_results BEGIN
    INSERT INTO board_sums (benchmark, agent, agent_version, suite, platform, repository, size_class, counted, runs, measure_sum, measure_squares, tokens, cost_sum, priced, duration_ms, flags)
    VALUES (OLD.benchmark, OLD.agent, OLD.agent_version, OLD.suite, OLD.platform, OLD.repository, COALESCE(OLD.size_class, ''), CASE WHEN OLD.status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END, -1, -COALESCE(CASE OLD.benchmark WHEN 'test-writing' THEN OLD.coverage_gain ELSE OLD.score_percent END, 0), -COALESCE(CASE OLD.benchmark WHEN 'test-writing' THEN OLD.coverage_gain ELSE OLD.score_percent END, 0) * COALESCE(CASE OLD.benchmark WHEN 'test-writing' THEN OLD.coverage_gain ELSE OLD.score_percent END, 0), -OLD.total_tokens, -COALESCE(OLD.cost_usd, 0), -CASE WHEN OLD.cost_usd IS NULL THEN 0 ELSE 1 END, -OLD.duration_ms, -OLD.flags)
    ON CONFLICT (benchmark, agent, agent_version, suite, platform, repository, size_class, counted) DO UPDATE SET runs = board_sums.runs + excluded.runs, measure_sum = board_sums.measure_sum + excluded.measure_sum, measure_squares = board_sums.measure_squares + excluded.measure_squares, tokens = board_sums.tokens + excluded.tokens, cost_sum = board_sums.cost_sum + excluded.cost_sum, priced = board_sums.priced + excluded.priced, duration_ms = board_sums.duration_ms + excluded.duration_ms, flags = board_sums.flags + excluded.flags;
    INSERT INTO board_sums (benchmark, agent, agent_version, suite, platform, repository, size_class, counted, runs, measure_sum, measure_squares, tokens, cost_sum, priced, duration_ms, flags)
    VALUES (NEW.benchmark, NEW.agent, NEW.agent_version, NEW.suite, NEW.platform, NEW.repository, COALESCE(NEW.size_class, ''), CASE WHEN NEW.status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END, 1, COALESCE(CASE NEW.benchmark WHEN 'test-writing' THEN NEW.coverage_gain ELSE NEW.score_percent END, 0), COALESCE(CASE NEW.benchmark WHEN 'test-writing' THEN NEW.coverage_gain ELSE NEW.score_percent END, 0) * COALESCE(CASE NEW.benchmark WHEN 'test-writing' THEN NEW.coverage_gain ELSE NEW.score_percent END, 0), NEW.total_tokens, COALESCE(NEW.cost_usd, 0), CASE WHEN NEW.cost_usd IS NULL THEN 0 ELSE 1 END, NEW.duration_ms, NEW.flags)
    ON CONFLICT (benchmark, agent, agent_version, suite, platform, repository, size_class, counted) DO UPDATE SET runs = board_sums.runs + excluded.runs, measure_sum = board_sums.measure_sum + excluded.measure_sum, measure_squares = board_sums.measure_squares + excluded.measure_squares, tokens = board_sums.tokens + excluded.tokens, cost_sum = board_sums.cost_sum + excluded.cost_sum, priced = board_sums.priced + excluded.priced, duration_ms = board_sums.duration_ms + excluded.duration_ms, flags = board_sums.flags + excluded.flags;
END;

CREATE TRIGGER run_results_board_delete AFTER DELETE ON run_results BEGIN
    INSERT INTO board_sums (benchmark, agent, agent_version, suite, platform, repository, size_class, counted, runs, measure_sum, measure_squares, tokens, cost_sum, priced, duration_ms, flags)
    VALUES (OLD.benchmark, OLD.agent, OLD.agent_version, OLD.suite, OLD.platform, OLD.repository, COALESCE(OLD.size_class, ''), CASE WHEN OLD.status IN ('INFRASTRUCTURE_FAILED', 'INTERRUPTED') THEN 0 ELSE 1 END, -1, -COALESCE(CASE OLD.benchmark WHEN 'test-writing' THEN OLD.coverage_gain ELSE OLD.score_percent END, 0), -COALESCE(CASE OLD.benchmark WHEN 'test-writing' THEN OLD.coverage_gain ELSE OLD.score_percent END, 0) * COALESCE(CASE OLD.benchmark WHEN 'test-writing' THEN OLD.coverage_gain ELSE OLD.score_percent END, 0), -OLD.total_tokens, -COALESCE(OLD.cost_usd, 0), -CASE WHEN OLD.cost_usd IS NULL THEN 0 ELSE 1 END, -OLD.duration_ms, -OLD.flags)
    ON CONFLICT (benchmark, agent, agent_version, suite, platform, repository, size_class, counted) DO UPDATE SET runs = board_sums.runs + excluded.runs, measure_sum = board_sums.measure_sum + excluded.measure_sum, measure_squares = board_sums.measure_squares + excluded.measure_squares, tokens = board_sums.tokens + excluded.tokens, cost_sum = board_sums.cost_sum + excluded.cost_sum, priced = board_sums.priced + excluded.priced, duration_ms = board_sums.duration_ms + excluded.duration_ms, flags = board_sums.flags + excluded.flags;
END;
