package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The size of what an agent changed: the seed's measure 3, "how many modifications". */
public record Modifications(List<FileChange> files) {
    public static final Modifications NONE = new Modifications(List.of());

    public Modifications {
        files = List.copyOf(requireNonNull(files, "files is null"));
    }

    public int filesChanged() {
        return files.size();
    }

    public long linesAdded() {
        return files.stream().mapToLong(FileChange::linesAdded).sum();
    }

    public long linesRemoved() {
        return files.stream().mapToLong(FileChange::linesRemoved).sum();
    }

    /** Only the changes of one category. */
    public Modifications of(FileChange.Category category) {
        return new Modifications(files.stream().filter(f -> f.category() == category).toList());
    }
}
