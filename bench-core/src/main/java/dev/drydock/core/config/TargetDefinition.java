package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

/**
 * A file to write tests for.
 *
 * @param file the source file, project-relative ({@code FILE_PATH})
 * @param testFile where the agent should put its tests, project-relative ({@code TEST_FILE_PATH}); may not exist yet
 */
public record TargetDefinition(String file, String testFile) {
    public TargetDefinition {
        requireNonNull(file, "file is null");
        requireNonNull(testFile, "testFile is null");
    }
}
