package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything drydock records about one run: one agent on one repository (and target) for one
 * repetition of one benchmark. Stores persist it as it is; {@link #schemaVersion()} tells readers
 * which shape they hold.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written by this version of drydock
 * @param runId unique id of the run
 * @param suite the configuration's name
 * @param benchmark {@code test-writing} or {@code test-running}
 * @param agent the agent
 * @param repository the repository and the pinned commit
 * @param target the target file of a per-file run
 * @param repetition 1-based repetition number
 * @param startedAt when the run started
 * @param finishedAt when it ended
 * @param status how it ended
 * @param error why it did not complete; empty when {@code status} is {@link RunStatus#COMPLETED}
 * @param agentCommand what the agent command did; empty when it never started
 * @param testWriting the test-writing measurements; empty when the run failed before the baseline
 *     or is of another benchmark
 * @param testRunning the test-running measurements; empty when the run failed before the agent ran
 *     or is of another benchmark
 * @param usage LLM usage metered by the proxy
 * @param costUsd what the usage cost by the configured price table; empty when a model has no price
 * @param environment how it was run: drydock version and provider names, sorted by key
 * @param isolation the isolation the agent's workspace actually had; empty when the run ended
 *     before it had a workspace
 */
public record RunResult(
        int schemaVersion,
        String runId,
        String suite,
        String benchmark,
        AgentInfo agent,
        RepositoryInfo repository,
        Optional<String> target,
        int repetition,
        Instant startedAt,
        Instant finishedAt,
        RunStatus status,
        Optional<RunError> error,
        Optional<CommandRecord> agentCommand,
        Optional<TestWritingOutcome> testWriting,
        Optional<TestRunningOutcome> testRunning,
        Usage usage,
        Optional<BigDecimal> costUsd,
        SortedMap<String, String> environment,
        Optional<Isolation> isolation) {

    /**
     * The shape of results written by this version. Readers reject newer versions. Version 2 added
     * {@code isolation}; version 1 results read as runs without it. Version 3 added the violation kinds
     * {@code SUSPICIOUS_TEST_CODE} and {@code SOURCE_TAMPERED} and the error code {@code WORKSPACE_TAMPERED}.
     * Version 4 added the status and error code {@code INTERRUPTED}, the violation kinds {@code
     * TEST_LOAD_ERROR} and {@code COVERAGE_FILES}, and the reference's measured {@code files}.
     * Version 5 added the repository's catalog {@code size}.
     */
    public static final int SCHEMA_VERSION = 5;

    public RunResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(suite, "suite is null");
        requireNonNull(benchmark, "benchmark is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(target, "target is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(status, "status is null");
        requireNonNull(error, "error is null");
        requireNonNull(agentCommand, "agentCommand is null");
        requireNonNull(testWriting, "testWriting is null");
        requireNonNull(testRunning, "testRunning is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(costUsd, "costUsd is null");
        requireNonNull(isolation, "isolation is null");
        environment = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(environment, "environment is null")));
        if (status == RunStatus.COMPLETED && error.isPresent()) {
            throw new IllegalArgumentException("a completed run has no error");
        }
        if (status != RunStatus.COMPLETED && error.isEmpty()) {
            throw new IllegalArgumentException("a " + status + " run needs an error");
        }
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
