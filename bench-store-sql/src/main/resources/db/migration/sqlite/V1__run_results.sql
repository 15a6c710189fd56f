-- Every result whole in "document" (drydock's JSON of a RunResult), plus the columns queries
-- filter, order and aggregate on. Instants are microseconds since the epoch (UTC).
CREATE TABLE run_results (
    run_id            TEXT    NOT NULL PRIMARY KEY,
    schema_version    INTEGER NOT NULL,
    suite             TEXT    NOT NULL,
    benchmark         TEXT    NOT NULL,
    agent             TEXT    NOT NULL,
    agent_version     TEXT    NOT NULL,
    repository        TEXT    NOT NULL,
    repository_commit TEXT    NOT NULL,
    platform          TEXT    NOT NULL,
    size_class        TEXT,
    target            TEXT,
    repetition        INTEGER NOT NULL,
    status            TEXT    NOT NULL,
    started_at        INTEGER NOT NULL,
    finished_at       INTEGER NOT NULL,
    duration_ms       INTEGER NOT NULL,
    score_percent     INTEGER,
    coverage_gain     REAL,
    flags             INTEGER NOT NULL,
    total_tokens      INTEGER NOT NULL,
    cost_usd          NUMERIC,
    document          TEXT    NOT NULL
);
CREATE INDEX run_results_order ON run_results (started_at, run_id);
CREATE INDEX run_results_suite ON run_results (suite, started_at, run_id);
CREATE INDEX run_results_agent ON run_results (benchmark, agent, agent_version);
CREATE INDEX run_results_repository ON run_results (repository, repository_commit);
CREATE INDEX run_results_platform ON run_results (platform, started_at);

-- The newest RunResult schema version any drydock wrote here: an older drydock refuses the store.
CREATE TABLE drydock_store (
    id                    INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    result_schema_version INTEGER NOT NULL
);
INSERT INTO drydock_store (id, result_schema_version) VALUES (1, 0);
