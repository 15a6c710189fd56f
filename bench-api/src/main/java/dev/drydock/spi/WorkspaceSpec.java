package dev.drydock.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * What to put in a new workspace.
 *
 * @param name a readable name for folders and logs (the run id)
 * @param repository a git repository the backend can clone: a local path or a URL
 * @param commit the full commit id to check out, detached
 * @param env environment variables every command in the workspace gets, beneath each request's own
 * @param setup the repository's setup recipe that drydock runs next (empty for none): a backend with
 *     setup snapshots keys them by it (see {@link Workspace#setupRestored()})
 */
public record WorkspaceSpec(String name, String repository, String commit, Map<String, String> env, String setup) {
    public WorkspaceSpec {
        requireNonNull(name, "name is null");
        requireNonNull(setup, "setup is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(commit, "commit is null");
        env = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(env, "env is null")));
    }

    /**
     * Everything the outcome of the setup depends on from this spec, for keying setup snapshots:
     * repository, commit, recipe and the variables but {@code DRYDOCK_RUN_ID}, which names the run
     * and differs for every workspace. A backend adds what it contributes (an image, a user, a network).
     */
    public String setupKey() {
        Map<String, String> setupEnv = new TreeMap<>(env);
        setupEnv.remove("DRYDOCK_RUN_ID");
        return String.join("\0", repository, commit, setup, setupEnv.toString());
    }

    /** A workspace whose setup drydock does not announce: no snapshot is used or saved. */
    public WorkspaceSpec(String name, String repository, String commit, Map<String, String> env) {
        this(name, repository, commit, env, "");
    }
}
