package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The repository of a run.
 *
 * @param name its name in the configuration
 * @param url where it came from
 * @param commit the full commit id every workspace of the run was pinned to
 * @param platform the platform template it uses, e.g. {@code python}
 * @param size the catalog's size class ({@code small}, {@code medium}, {@code large}) when the
 *     repository is one of the catalog's real projects; empty otherwise and in results before
 *     schema version 5
 */
public record RepositoryInfo(String name, String url, String commit, String platform, Optional<String> size) {
    public RepositoryInfo {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(platform, "platform is null");
        size = size == null ? Optional.empty() : size;
    }

    /** A repository without a catalog size class. */
    public RepositoryInfo(String name, String url, String commit, String platform) {
        this(name, url, commit, platform, Optional.empty());
    }
}
