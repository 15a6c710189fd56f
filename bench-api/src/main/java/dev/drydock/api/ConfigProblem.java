package dev.drydock.api;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a configuration.
 *
 * @param source where it is, as {@code file:line:column}, or the file alone when no position is known
 * @param path the key path inside the document, e.g. {@code repositories.sample.url}
 * @param message what is wrong and, where possible, what would be right
 */
public record ConfigProblem(String source, String path, String message) {
    public ConfigProblem {
        requireNonNull(source, "source is null");
        requireNonNull(path, "path is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? source + ": " + message : source + ": " + path + ": " + message;
    }
}
