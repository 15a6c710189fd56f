package dev.drydock.core.config;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so a user sees all of them at once. */
public final class Problems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    public void add(Location location, String path, String message) {
        problems.add(new ConfigProblem(location.toString(), path, message));
    }

    public void addAll(List<ConfigProblem> more) {
        problems.addAll(more);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<ConfigProblem> list() {
        return List.copyOf(problems);
    }

    /** Throws a {@link ConfigurationException} with everything collected, if anything was. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }
}
