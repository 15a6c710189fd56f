package dev.drydock.spi;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.RunResult;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which results to list; empty fields match everything. Results are ordered by {@link Position}
 * (start, then run id); a store that can (SQL) applies every field itself instead of reading all
 * results.
 *
 * @param suite the configuration's name
 * @param benchmark {@code test-writing} or {@code test-running}
 * @param agent the agent's name
 * @param repository the repository's name
 * @param platform the repository's platform template, e.g. {@code python}
 * @param since only runs that started at or after this instant
 * @param before only runs ordered before this position: the page after one that ended there
 * @param limit at most this many (the newest), 0 for all
 */
public record RunQuery(Optional<String> suite, Optional<String> benchmark, Optional<String> agent,
        Optional<String> repository, Optional<String> platform, Optional<Instant> since, Optional<Position> before,
        int limit) {
    public static final RunQuery ALL = new RunQuery(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);

    /** Where a result stands in the order of results: its start, then its run id. */
    public record Position(Instant startedAt, String runId) implements Comparable<Position> {
        private static final Comparator<Position> ORDER =
                Comparator.comparing(Position::startedAt).thenComparing(Position::runId);

        public Position {
            requireNonNull(startedAt, "startedAt is null");
            requireNonNull(runId, "runId is null");
        }

        public static Position of(RunResult result) {
            return new Position(result.startedAt(), result.runId());
        }

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    public RunQuery {
        requireNonNull(suite, "suite is null");
        requireNonNull(benchmark, "benchmark is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(platform, "platform is null");
        requireNonNull(since, "since is null");
        requireNonNull(before, "before is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /** A query by suite, agent and repository only. */
    public RunQuery(Optional<String> suite, Optional<String> agent, Optional<String> repository, int limit) {
        this(suite, Optional.empty(), agent, repository, Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    public RunQuery withSuite(String value) {
        return new RunQuery(Optional.of(value), benchmark, agent, repository, platform, since, before, limit);
    }

    public RunQuery withBenchmark(String value) {
        return new RunQuery(suite, Optional.of(value), agent, repository, platform, since, before, limit);
    }

    public RunQuery withAgent(String value) {
        return new RunQuery(suite, benchmark, Optional.of(value), repository, platform, since, before, limit);
    }

    public RunQuery withRepository(String value) {
        return new RunQuery(suite, benchmark, agent, Optional.of(value), platform, since, before, limit);
    }

    public RunQuery withPlatform(String value) {
        return new RunQuery(suite, benchmark, agent, repository, Optional.of(value), since, before, limit);
    }

    public RunQuery withSince(Instant value) {
        return new RunQuery(suite, benchmark, agent, repository, platform, Optional.of(value), before, limit);
    }

    public RunQuery withBefore(Position value) {
        return new RunQuery(suite, benchmark, agent, repository, platform, since, Optional.of(value), limit);
    }

    public RunQuery withLimit(int value) {
        return new RunQuery(suite, benchmark, agent, repository, platform, since, before, value);
    }

    /** The results that match, oldest first (by {@link Position}), cut to the newest {@code limit}. */
    public List<RunResult> select(Collection<RunResult> results) {
        List<RunResult> matching = results.stream()
                .filter(this::matches)
                .sorted(Comparator.comparing(Position::of))
                .toList();
        return limit > 0 && matching.size() > limit ? matching.subList(matching.size() - limit, matching.size()) : matching;
    }

    public boolean matches(RunResult result) {
        return suite.map(result.suite()::equals).orElse(true)
                && benchmark.map(result.benchmark()::equals).orElse(true)
                && agent.map(result.agent().name()::equals).orElse(true)
                && repository.map(result.repository().name()::equals).orElse(true)
                && platform.map(result.repository().platform()::equals).orElse(true)
                && since.map(instant -> !result.startedAt().isBefore(instant)).orElse(true)
                && before.map(position -> Position.of(result).compareTo(position) < 0).orElse(true);
    }
}
