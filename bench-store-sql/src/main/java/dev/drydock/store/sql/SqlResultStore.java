package dev.drydock.store.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.api.Secret;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Results in a SQL database: each result whole, as drydock's JSON, in {@code run_results.document},
 * beside the columns queries filter and order on ({@link IndexedColumns}, suite, agent, …). A save is
 * one upsert statement, atomic in both databases; concurrent writers (threads or processes) are
 * serialised by the database. The schema is Flyway's; a database migrated by a newer drydock, or
 * holding results of a newer result schema, is refused before anything is written to it.
 */
public final class SqlResultStore implements ResultStore {
    private static final ObjectWriter WRITER = RunResultJson.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectReader READER = RunResultJson.mapper().readerFor(RunResult.class);
    private static final String COLUMNS = "run_id, schema_version, suite, benchmark, agent, agent_version, repository, "
            + "repository_commit, platform, size_class, target, repetition, status, started_at, finished_at, duration_ms, score_percent, "
            + "coverage_gain, flags, total_tokens, cost_usd, document";
    private static final int MIGRATION_ATTEMPTS = 5;

    private final Dialect dialect;
    private final String location;
    private final HikariDataSource dataSource;
    private final String upsert;
    private final String insertIfNew;

    /**
     * Connects, checks the schema and migrates it.
     *
     * @param url a JDBC URL of SQLite or PostgreSQL
     * @throws DrydockException {@code STORE} when the database is unreachable, not a drydock store or newer
     */
    public SqlResultStore(String url, Optional<String> user, Optional<Secret> password, int poolSize, Duration connectTimeout) {
        this.dialect = Dialect.of(url);
        this.location = redactUrl(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        user.ifPresent(config::setUsername);
        password.ifPresent(secret -> config.setPassword(secret.reveal()));
        // Flyway holds a second connection while it migrates PostgreSQL: one would wait for itself
        config.setMaximumPoolSize(Math.max(2, poolSize));
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        config.setPoolName("drydock-store");
        if (dialect == Dialect.SQLITE) {
            // WAL: readers never block the writer and a commit survives a killed process; FULL syncs
            // each commit; IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait their
            // turn (busy_timeout) instead of failing to upgrade a read lock
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", "60000");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        try {
            this.dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot connect to " + location + ": " + rootMessage(e), e);
        }
        this.upsert = "INSERT INTO run_results (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + dialect.documentParameter() + ") ON CONFLICT (run_id) DO UPDATE SET "
                + Arrays.stream(COLUMNS.split(", ")).skip(1).map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
        this.insertIfNew = upsert.substring(0, upsert.indexOf(" ON CONFLICT")) + " ON CONFLICT (run_id) DO NOTHING";
        try {
            migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private void migrate() {
        Flyway flyway = Flyway.configure(getClass().getClassLoader())
                .dataSource(dataSource)
                .locations(dialect.migrations())
                .table("drydock_schema_history")
                .cleanDisabled(true)
                .load();
        for (int attempt = 1; ; attempt++) {
            try {
                MigrationInfo[] migrations = flyway.info().all();
                for (MigrationInfo migration : migrations) {
                    if (migration.getState() == MigrationState.FUTURE_SUCCESS || migration.getState() == MigrationState.FUTURE_FAILED) {
                        String known = Arrays.stream(migrations).filter(m -> !m.getState().name().startsWith("FUTURE"))
                                .map(m -> m.getVersion().toString()).reduce((first, last) -> last).orElse("none");
                        throw new DrydockException(ErrorCode.STORE, location + " was written by a newer drydock (store schema "
                                + migration.getVersion() + ", this one knows up to " + known + "); it was left untouched");
                    }
                }
                flyway.migrate();
                break;
            } catch (FlywayException e) {
                // two processes creating the same new store race for its history table; the loser
                // finds the winner's schema on its next attempt
                if (attempt == MIGRATION_ATTEMPTS) {
                    throw new DrydockException(ErrorCode.STORE, location + " is not a drydock store or cannot be migrated ("
                            + rootMessage(e) + "); it was left untouched", e);
                }
                sleep(Duration.ofMillis(100L * attempt));
            }
        }
        inTransaction(connection -> {
            try (PreparedStatement read = connection.prepareStatement("SELECT result_schema_version FROM drydock_store WHERE id = 1");
                    ResultSet rows = read.executeQuery()) {
                int stored = rows.next() ? rows.getInt(1) : 0;
                if (stored > RunResult.SCHEMA_VERSION) {
                    throw new DrydockException(ErrorCode.STORE, location + " holds results of a newer drydock (schema version "
                            + stored + ", this one reads up to " + RunResult.SCHEMA_VERSION + "); it was left untouched");
                }
            }
            try (PreparedStatement raise = connection.prepareStatement(
                    "UPDATE drydock_store SET result_schema_version = ? WHERE id = 1 AND result_schema_version < ?")) {
                raise.setInt(1, RunResult.SCHEMA_VERSION);
                raise.setInt(2, RunResult.SCHEMA_VERSION);
                raise.executeUpdate();
            }
            return null;
        });
    }

    /** The pool, for code that queries the store's tables itself (the results server). */
    public DataSource dataSource() {
        return dataSource;
    }

    /** SQLite or PostgreSQL. */
    public String databaseName() {
        return dialect == Dialect.SQLITE ? "SQLite" : "PostgreSQL";
    }

    @Override
    public void verifyWritable() {
        // opening checked the schema; this proves the user may write
        inTransaction(connection -> {
            try (PreparedStatement probe = connection.prepareStatement(
                    "UPDATE drydock_store SET result_schema_version = result_schema_version WHERE id = 1")) {
                probe.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void save(RunResult result) {
        saveAll(List.of(result));
    }

    /** Stores the results in one transaction: all of them or, on failure, none. */
    public void saveAll(List<RunResult> results) {
        inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                for (RunResult result : inLockOrder(results)) {
                    bind(statement, result);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    /**
     * What {@link #insertNew} did.
     *
     * @param inserted results stored under new run ids
     * @param unchanged results equal to what was already stored under their run id
     * @param conflicts run ids that already hold a different result; when any, nothing was stored
     */
    public record Insertion(int inserted, int unchanged, List<String> conflicts) {
        public Insertion {
            conflicts = List.copyOf(conflicts);
        }
    }

    /**
     * Stores results under run ids that are new, in one transaction, so a client may send the same
     * batch again: a result equal to the one stored under its id is skipped; a different one is a
     * conflict, and then nothing of the batch is stored.
     */
    public Insertion insertNew(List<RunResult> results) {
        List<String> conflicts = new ArrayList<>();
        try {
            return inTransaction(connection -> {
                int inserted = 0;
                int unchanged = 0;
                try (PreparedStatement insert = connection.prepareStatement(insertIfNew);
                        PreparedStatement stored = connection.prepareStatement("SELECT document FROM run_results WHERE run_id = ?")) {
                    for (RunResult result : inLockOrder(results)) {
                        bind(insert, result);
                        if (insert.executeUpdate() == 1) {
                            inserted++;
                            continue;
                        }
                        stored.setString(1, result.runId());
                        try (ResultSet rows = stored.executeQuery()) {
                            if (rows.next() && read(result.runId(), rows.getString(1)).equals(result)) {
                                unchanged++;
                            } else {
                                conflicts.add(result.runId());
                            }
                        }
                    }
                }
                if (!conflicts.isEmpty()) {
                    throw new ConflictRollback();
                }
                return new Insertion(inserted, unchanged, List.of());
            });
        } catch (ConflictRollback e) {
            return new Insertion(0, 0, conflicts);
        }
    }

    /**
     * The results in the order of the leaderboard sums their rows update (triggers of V2): concurrent
     * batches then lock those sums in one order and cannot deadlock each other.
     */
    private static List<RunResult> inLockOrder(List<RunResult> results) {
        return results.stream().sorted(java.util.Comparator.comparing((RunResult r) -> r.benchmark())
                .thenComparing(r -> r.agent().name()).thenComparing(r -> r.agent().version()).thenComparing(RunResult::suite)
                .thenComparing(r -> r.repository().platform()).thenComparing(r -> r.repository().name())
                .thenComparing(RunResult::runId)).toList();
    }

    /** Rolls back a batch with a conflict; carries nothing. */
    private static final class ConflictRollback extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictRollback() {
            super(null, null, false, false);
        }
    }

    private void bind(PreparedStatement statement, RunResult result) throws SQLException {
        IndexedColumns indexed = IndexedColumns.of(result);
        int i = 0;
        statement.setString(++i, result.runId());
        statement.setInt(++i, result.schemaVersion());
        statement.setString(++i, result.suite());
        statement.setString(++i, result.benchmark());
        statement.setString(++i, result.agent().name());
        statement.setString(++i, result.agent().version());
        statement.setString(++i, result.repository().name());
        statement.setString(++i, result.repository().commit());
        statement.setString(++i, result.repository().platform());
        statement.setString(++i, result.repository().size().orElse(null));
        statement.setString(++i, result.target().orElse(null));
        statement.setInt(++i, result.repetition());
        statement.setString(++i, result.status().name());
        dialect.setInstant(statement, ++i, result.startedAt());
        dialect.setInstant(statement, ++i, result.finishedAt());
        statement.setLong(++i, result.duration().toMillis());
        setOptional(statement, ++i, indexed.scorePercent(), Types.INTEGER);
        setOptional(statement, ++i, indexed.coverageGain(), Types.DOUBLE);
        statement.setInt(++i, indexed.flags());
        statement.setLong(++i, indexed.totalTokens());
        setOptional(statement, ++i, indexed.costUsd(), Types.NUMERIC);
        try {
            statement.setString(++i, WRITER.writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot write result " + result.runId() + " as JSON", e);
        }
    }

    private static void setOptional(PreparedStatement statement, int index, Optional<?> value, int type) throws SQLException {
        if (value.isPresent()) {
            statement.setObject(index, value.get(), type);
        } else {
            statement.setNull(index, type);
        }
    }

    @Override
    public Optional<RunResult> find(String runId) {
        return query("SELECT run_id, document FROM run_results WHERE run_id = ?", List.of(runId)).stream().findFirst();
    }

    @Override
    public List<RunResult> list(RunQuery query) {
        StringBuilder sql = new StringBuilder("SELECT run_id, document FROM run_results WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        filter(sql, parameters, "suite", query.suite());
        filter(sql, parameters, "benchmark", query.benchmark());
        filter(sql, parameters, "agent", query.agent());
        filter(sql, parameters, "repository", query.repository());
        filter(sql, parameters, "platform", query.platform());
        query.since().ifPresent(since -> {
            sql.append(" AND started_at >= ?");
            parameters.add(since);
        });
        query.before().ifPresent(position -> {
            sql.append(" AND (started_at < ? OR (started_at = ? AND run_id < ?))");
            parameters.addAll(List.of(position.startedAt(), position.startedAt(), position.runId()));
        });
        if (query.limit() == 0) {
            sql.append(" ORDER BY started_at, run_id");
            return query(sql.toString(), parameters);
        }
        // the newest `limit`, returned oldest first
        sql.append(" ORDER BY started_at DESC, run_id DESC LIMIT ").append(query.limit());
        List<RunResult> newestFirst = new ArrayList<>(query(sql.toString(), parameters));
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String column, Optional<String> value) {
        value.ifPresent(v -> {
            sql.append(" AND ").append(column).append(" = ?");
            parameters.add(v);
        });
    }

    private List<RunResult> query(String sql, List<Object> parameters) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    if (parameters.get(i) instanceof java.time.Instant instant) {
                        dialect.setInstant(statement, i + 1, instant);
                    } else {
                        statement.setObject(i + 1, parameters.get(i));
                    }
                }
                List<RunResult> results = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        results.add(read(rows.getString("run_id"), rows.getString("document")));
                    }
                }
                return results;
            }
        });
    }

    private RunResult read(String runId, String document) {
        try {
            return READER.readValue(document);
        } catch (JsonProcessingException e) {
            throw new DrydockException(ErrorCode.STORE, "result " + runId + " in " + location + " cannot be read ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    /** Runs {@code work} on a pooled connection in autocommit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot use " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction, rolled back when it fails; again, up to three times, when
     * PostgreSQL ended it for a deadlock or a serialization conflict with another writer.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneTransaction(work);
            } catch (DrydockException e) {
                if (attempt == 3 || !(e.getCause() instanceof SQLException sql) || !RETRYABLE.contains(String.valueOf(sql.getSQLState()))) {
                    throw e;
                }
                sleep(Duration.ofMillis(20L * attempt));
            }
        }
    }

    /** PostgreSQL's deadlock_detected and serialization_failure. */
    private static final java.util.Set<String> RETRYABLE = java.util.Set.of("40P01", "40001");

    private <T> T inOneTransaction(SqlWork<T> work) {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                T value = work.run(connection);
                connection.commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    /** Work on a connection of the store's pool, for code that uses the store's database itself. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @Override
    public String toString() {
        return "SqlResultStore[" + location + "]";
    }

    /** The URL without a password, for messages. */
    public static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1" + Secret.REDACTED);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.STORE, "interrupted while opening the store", e);
        }
    }
}
