package dev.drydock.local;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import dev.drydock.spi.NetworkPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the {@code local} workspace provider.
 *
 * @param root the folder workspaces are created in; the system's temporary folder when absent
 * @param inheritEnv names of drydock's own environment variables commands see; a trailing {@code *}
 *     matches a prefix. Nothing else is inherited, so drydock's secrets stay out of workspaces.
 *     As commands get a private {@code HOME}, an unset {@code CARGO_HOME}/{@code RUSTUP_HOME} that
 *     this list names is set to the user's {@code ~/.cargo}/{@code ~/.rustup} when those exist, and
 *     {@code MAVEN_OPTS} points Maven at the user's {@code ~/.m2/repository} when that exists.
 * @param env fixed variables every command gets
 * @param killGrace how long a timed-out command gets between SIGTERM and SIGKILL
 * @param keep keep workspace folders after close, for debugging
 * @param isolation {@code bubblewrap} (every command in a sandbox) or {@code none}, which must be
 *     written out: drydock never runs an agent unsandboxed by default
 * @param sandboxUid the non-root user id commands have inside the sandbox
 * @param readOnlyPaths host folders commands may read besides the system folders and toolchains
 * @param memoryLimit the memory of each workspace's processes together ({@code 8GiB}, {@code 512MiB},
 *     {@code none}); enforced through a cgroup where drydock can create one
 * @param processLimit the number of processes (and threads) of each workspace together; {@code 0} for none
 * @param setupNetwork the network of the repository's setup recipe
 * @param agentNetwork the network of the agent's setup and command
 * @param measureNetwork the network of coverage runs and replays
 * @param snapshots keep the workspace (checkout and {@code HOME}) right after a repository's setup
 *     succeeded, in drydock's cache, and start later workspaces of the same repository, commit,
 *     setup recipe and environment from a copy of it instead of a clone and the setup (sandboxed
 *     only: commands then see every workspace at the same path, so what the setup wrote stays valid)
 * @param keptSnapshots how many saved setups drydock's cache keeps; the least recently used go first
 * @param spareCopies keep one copy of each saved setup ready while the provider is open, made in the
 *     background after it was saved or used, so that the next workspace takes it by renaming it instead of copying (when the
 *     workspace root and the cache are on one file system)
 */
public record LocalWorkspaceConfig(
        Optional<String> root,
        @ConfigDefault("[PATH, LANG, LC_*, TZ, PIP_*, SSL_CERT_*, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE, GIT_SSL_CAINFO, CARGO_HOME, RUSTUP_HOME, MAVEN_OPTS]") List<String> inheritEnv,
        Map<String, String> env,
        @ConfigDefault("2s") Duration killGrace,
        @ConfigDefault("false") boolean keep,
        @ConfigDefault("bubblewrap") Isolation isolation,
        @ConfigDefault("1000") int sandboxUid,
        List<String> readOnlyPaths,
        @ConfigDefault("8GiB") String memoryLimit,
        @ConfigDefault("4096") int processLimit,
        @ConfigDefault("open") NetworkPolicy setupNetwork,
        @ConfigDefault("open") NetworkPolicy agentNetwork,
        @ConfigDefault("open") NetworkPolicy measureNetwork,
        @ConfigDefault("true") boolean snapshots,
        @ConfigDefault("16") int keptSnapshots,
        @ConfigDefault("true") boolean spareCopies) {

    /** How the {@code local} provider confines commands. */
    public enum Isolation {
        /** bubblewrap: own PID, mount, IPC and UTS namespaces, a non-root user, a read-only host. */
        BUBBLEWRAP,
        /** No sandbox: commands run as drydock's user with drydock's view of the machine. */
        NONE
    }

    public LocalWorkspaceConfig {
        requireNonNull(root, "root is null");
        inheritEnv = List.copyOf(requireNonNull(inheritEnv, "inheritEnv is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(killGrace, "killGrace is null");
        requireNonNull(isolation, "isolation is null");
        readOnlyPaths = List.copyOf(requireNonNull(readOnlyPaths, "readOnlyPaths is null"));
        requireNonNull(memoryLimit, "memoryLimit is null");
        requireNonNull(setupNetwork, "setupNetwork is null");
        requireNonNull(agentNetwork, "agentNetwork is null");
        requireNonNull(measureNetwork, "measureNetwork is null");
        if (keptSnapshots < 1) {
            throw new IllegalArgumentException("kept-snapshots must be at least 1 (turn them off with snapshots: false): " + keptSnapshots);
        }
        if (processLimit < 0) {
            throw new IllegalArgumentException("process-limit must not be negative: " + processLimit);
        }
    }

    /** The defaults, sandboxed, with {@code inheritEnv} as given: for tests and embedding. */
    public static LocalWorkspaceConfig defaults(List<String> inheritEnv) {
        return new LocalWorkspaceConfig(Optional.empty(), inheritEnv, Map.of(), Duration.ofSeconds(2), false,
                Isolation.BUBBLEWRAP, 1000, List.of(), "8GiB", 4096, NetworkPolicy.OPEN, NetworkPolicy.OPEN, NetworkPolicy.OPEN, true, 16, true);
    }

    public LocalWorkspaceConfig withIsolation(Isolation isolation) {
        return new LocalWorkspaceConfig(root, inheritEnv, env, killGrace, keep, isolation, sandboxUid, readOnlyPaths,
                memoryLimit, processLimit, setupNetwork, agentNetwork, measureNetwork, snapshots, keptSnapshots, spareCopies);
    }

    public LocalWorkspaceConfig withSnapshots(boolean snapshots) {
        return new LocalWorkspaceConfig(root, inheritEnv, env, killGrace, keep, isolation, sandboxUid, readOnlyPaths,
                memoryLimit, processLimit, setupNetwork, agentNetwork, measureNetwork, snapshots, keptSnapshots, spareCopies);
    }

    /** {@link #memoryLimit} in bytes; empty for {@code none}. */
    public Optional<Long> memoryLimitBytes() {
        return dev.drydock.spi.MemorySize.parse("memory-limit", memoryLimit);
    }
}
