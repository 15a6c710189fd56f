package dev.drydock.api;

import static java.util.Objects.requireNonNull;

/** The agent of a run, as configured. */
public record AgentInfo(String name, String version) {
    public AgentInfo {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
    }
}
