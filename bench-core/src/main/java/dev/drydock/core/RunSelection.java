package dev.drydock.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Narrows a suite to one agent and/or one repository, like {@code --agent} and {@code --repository}.
 *
 * @param resume skip runs the store already has a result for ({@code --resume}): the same suite,
 *     benchmark, agent, repository commit, target and repetition, finished with the agent judged
 *     (completed, or the agent failed or timed out); infrastructure failures and interrupted runs run again
 */
public record RunSelection(Optional<String> agent, Optional<String> repository, boolean resume) {
    public static final RunSelection ALL = new RunSelection(Optional.empty(), Optional.empty());

    public RunSelection {
        requireNonNull(agent, "agent is null");
        requireNonNull(repository, "repository is null");
    }

    public RunSelection(Optional<String> agent, Optional<String> repository) {
        this(agent, repository, false);
    }
}
