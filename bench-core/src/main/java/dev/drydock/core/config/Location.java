package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

/** Where a configuration value was written: a file (or template resource) and a 1-based line and column. */
public record Location(String source, int line, int column) {
    public Location {
        requireNonNull(source, "source is null");
    }

    /** For values that come from code (defaults), not from a file. */
    public static Location of(String source) {
        return new Location(source, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? source : source + ":" + line + ":" + column;
    }
}
