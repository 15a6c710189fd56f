package dev.drydock.api;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration is wrong. Carries every problem found, not just the first. */
public class ConfigurationException extends DrydockException {
    private static final long serialVersionUID = 1L;

    private final List<ConfigProblem> problems;

    public ConfigurationException(List<ConfigProblem> problems) {
        super(ErrorCode.CONFIGURATION, describe(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String describe(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        if (problems.size() == 1) {
            return "invalid configuration: " + problems.get(0);
        }
        return problems.stream()
                .map(p -> "  - " + p)
                .collect(Collectors.joining("\n", "invalid configuration (" + problems.size() + " problems):\n", ""));
    }
}
