package dev.drydock.container;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import dev.drydock.spi.MemorySize;
import dev.drydock.spi.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the {@code container} workspace provider.
 *
 * @param socket the Docker Engine API socket (a path or {@code unix://} address) of podman or Docker;
 *     when absent: {@code DOCKER_HOST}, then {@code /run/podman/podman.sock}, then {@code
 *     /var/run/docker.sock}, and else a podman service drydock starts for its own use
 * @param image an image to use as it is (it needs {@code bash}, {@code git} and the project's
 *     toolchains); when absent drydock builds one from {@code toolchains}
 * @param toolchains the toolchain layers of the image drydock builds: {@code python}, {@code node},
 *     {@code java}, {@code rust}
 * @param debianMirror the Debian mirror the base image and the toolchain layers install from
 * @param uid the non-root user id commands run as
 * @param inheritEnv names of drydock's own environment variables commands see ({@code X*} matches a prefix)
 * @param env fixed variables every command gets
 * @param memoryLimit memory of a workspace's processes together ({@code 8GiB}, {@code none})
 * @param processLimit processes and threads of a workspace together; {@code 0} for none
 * @param cpus CPUs a workspace may use ({@code 1.5}); {@code 0} for no limit
 * @param setupNetwork the network of the repository's setup recipe
 * @param agentNetwork the network of the agent's setup and command
 * @param measureNetwork the network of coverage runs and replays
 * @param snapshots save the container after the repository's setup as an image and start later
 *     workspaces of the same repository, commit, recipe and image from it
 * @param keep leave containers stopped rather than removed after close, for debugging
 * @param composeCommand the compose program that starts agents' services, run against the engine's socket
 * @param directExec run commands with the engine's runtime ({@code runc exec}) rather than the
 *     engine's {@code exec} where drydock is root on the engine's machine: the same process settings,
 *     about half the time per command
 */
public record ContainerWorkspaceConfig(
        Optional<String> socket,
        Optional<String> image,
        @ConfigDefault("[python]") List<String> toolchains,
        @ConfigDefault("http://deb.debian.org/debian") String debianMirror,
        @ConfigDefault("1000") int uid,
        @ConfigDefault("[LANG, LC_*, TZ]") List<String> inheritEnv,
        Map<String, String> env,
        @ConfigDefault("8GiB") String memoryLimit,
        @ConfigDefault("4096") int processLimit,
        @ConfigDefault("0") double cpus,
        @ConfigDefault("open") NetworkPolicy setupNetwork,
        @ConfigDefault("open") NetworkPolicy agentNetwork,
        @ConfigDefault("open") NetworkPolicy measureNetwork,
        @ConfigDefault("true") boolean snapshots,
        @ConfigDefault("false") boolean keep,
        @ConfigDefault("docker-compose") String composeCommand,
        @ConfigDefault("true") boolean directExec) {
    /** The toolchain layers drydock knows how to build. */
    public static final Set<String> TOOLCHAINS = Set.of("python", "node", "java", "rust");

    public ContainerWorkspaceConfig {
        requireNonNull(socket, "socket is null");
        requireNonNull(image, "image is null");
        toolchains = List.copyOf(requireNonNull(toolchains, "toolchains is null"));
        requireNonNull(debianMirror, "debianMirror is null");
        inheritEnv = List.copyOf(requireNonNull(inheritEnv, "inheritEnv is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(memoryLimit, "memoryLimit is null");
        requireNonNull(setupNetwork, "setupNetwork is null");
        requireNonNull(agentNetwork, "agentNetwork is null");
        requireNonNull(measureNetwork, "measureNetwork is null");
        requireNonNull(composeCommand, "composeCommand is null");
        for (String toolchain : toolchains) {
            if (!TOOLCHAINS.contains(toolchain)) {
                throw new IllegalArgumentException("toolchains: unknown toolchain '" + toolchain + "'; known: "
                        + new java.util.TreeSet<>(TOOLCHAINS));
            }
        }
        if (uid <= 0) {
            throw new IllegalArgumentException("uid must be a non-root user id (above 0): " + uid);
        }
        if (processLimit < 0 || cpus < 0) {
            throw new IllegalArgumentException("process-limit and cpus must not be negative");
        }
        MemorySize.parse("memory-limit", memoryLimit);
    }

    /** The defaults, with the Python toolchain: for tests and embedding. */
    public static ContainerWorkspaceConfig defaults() {
        return new ContainerWorkspaceConfig(Optional.empty(), Optional.empty(), List.of("python"),
                "http://deb.debian.org/debian", 1000, List.of("LANG", "LC_*", "TZ"), Map.of(), "8GiB", 4096, 0,
                NetworkPolicy.OPEN, NetworkPolicy.OPEN, NetworkPolicy.OPEN, true, false, "docker-compose", true);
    }

    public Optional<Long> memoryLimitBytes() {
        return MemorySize.parse("memory-limit", memoryLimit);
    }

    /** The network policy of a phase. */
    public NetworkPolicy network(dev.drydock.spi.ExecPhase phase) {
        return switch (phase) {
            case SETUP -> setupNetwork;
            case AGENT -> agentNetwork;
            case MEASURE -> measureNetwork;
        };
    }
}
