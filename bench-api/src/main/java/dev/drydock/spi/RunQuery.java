package dev.drydock.spi;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.RunResult;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which results to list; empty fields match everything.
 *
 * @param suite the configuration's name
 * @param agent the agent's name
 * @param repository the repository's name
 * @param limit at most this many (the newest), 0 for all
 */
public record RunQuery(Optional<String> suite, Optional<String> agent, Optional<String> repository, int limit) {
    public static final RunQuery ALL = new RunQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0);

    public RunQuery {
        requireNonNull(suite, "suite is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(repository, "repository is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
    }

    /** The results that match, oldest first (by start, then run id), cut to the newest {@code limit}. */
    public List<RunResult> select(Collection<RunResult> results) {
        List<RunResult> matching = results.stream()
                .filter(this::matches)
                .sorted(Comparator.comparing(RunResult::startedAt).thenComparing(RunResult::runId))
                .toList();
        return limit > 0 && matching.size() > limit ? matching.subList(matching.size() - limit, matching.size()) : matching;
    }

    public boolean matches(RunResult result) {
        return suite.map(result.suite()::equals).orElse(true)
                && agent.map(result.agent().name()::equals).orElse(true)
                && repository.map(result.repository().name()::equals).orElse(true);
    }
}
