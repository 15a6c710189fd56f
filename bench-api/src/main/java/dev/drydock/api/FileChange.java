package dev.drydock.api;

import static java.util.Objects.requireNonNull;

/**
 * One file the agent changed, from {@code git diff} against the baseline commit.
 *
 * @param path project-relative path (the new path of a rename)
 * @param kind added, modified, deleted or renamed
 * @param category what the file is to the project (by the platform's patterns)
 * @param linesAdded lines added; 0 for a binary file
 * @param linesRemoved lines removed; 0 for a binary file
 * @param binary whether git treated it as binary
 */
public record FileChange(String path, Kind kind, Category category, long linesAdded, long linesRemoved, boolean binary) {
    public enum Kind {
        ADDED,
        MODIFIED,
        DELETED,
        RENAMED
    }

    /** What a file is to the project; only {@link #TEST} changes are replayed and measured. */
    public enum Category {
        TEST,
        SOURCE,
        /** Build, test or coverage configuration. */
        CONFIG,
        LOCKFILE,
        OTHER
    }

    public FileChange {
        requireNonNull(path, "path is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(category, "category is null");
    }
}
