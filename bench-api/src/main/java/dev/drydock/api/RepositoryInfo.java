package dev.drydock.api;

import static java.util.Objects.requireNonNull;

/**
 * The repository of a run.
 *
 * @param name its name in the configuration
 * @param url where it came from
 * @param commit the full commit id every workspace of the run was pinned to
 * @param platform the platform template it uses, e.g. {@code python}
 */
public record RepositoryInfo(String name, String url, String commit, String platform) {
    public RepositoryInfo {
        requireNonNull(name, "name is null");
        requireNonNull(url, "url is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(platform, "platform is null");
    }
}
