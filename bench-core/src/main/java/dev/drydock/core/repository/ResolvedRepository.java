package dev.drydock.core.repository;

import static java.util.Objects.requireNonNull;

/**
 * A repository ready to be cloned into workspaces.
 *
 * @param url what the configuration said
 * @param cloneSource a local git directory workspaces clone from
 * @param commit the full commit id every workspace is pinned to
 */
public record ResolvedRepository(String url, String cloneSource, String commit) {
    public ResolvedRepository {
        requireNonNull(url, "url is null");
        requireNonNull(cloneSource, "cloneSource is null");
        requireNonNull(commit, "commit is null");
    }
}
