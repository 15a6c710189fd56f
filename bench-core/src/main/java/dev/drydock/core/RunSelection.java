package dev.drydock.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Narrows a suite to one agent and/or one repository, like {@code --agent} and {@code --repository}. */
public record RunSelection(Optional<String> agent, Optional<String> repository) {
    public static final RunSelection ALL = new RunSelection(Optional.empty(), Optional.empty());

    public RunSelection {
        requireNonNull(agent, "agent is null");
        requireNonNull(repository, "repository is null");
    }
}
