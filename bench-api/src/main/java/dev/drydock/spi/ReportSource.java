package dev.drydock.spi;

import static java.util.Objects.requireNonNull;

/**
 * Where a report came from.
 *
 * @param name the report's file name or path, used in error messages
 * @param projectRoot the absolute project root the tool ran in; file paths in the report are made
 *     relative to it; empty when unknown
 */
public record ReportSource(String name, String projectRoot) {
    public ReportSource {
        requireNonNull(name, "name is null");
        requireNonNull(projectRoot, "projectRoot is null");
    }
}
