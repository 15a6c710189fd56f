package dev.drydock.container;

import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.WorkspaceContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The workspace contract, sandbox section included, against real podman (a service drydock starts). */
class ContainerWorkspaceContractTest extends WorkspaceContract {
    /** The base image only (no toolchain layer), 256 MiB and 512 processes per workspace. */
    static ContainerWorkspaceConfig testConfig(NetworkPolicy agentNetwork) {
        return testConfig(agentNetwork, true);
    }

    static ContainerWorkspaceConfig testConfig(NetworkPolicy agentNetwork, boolean directExec) {
        return new ContainerWorkspaceConfig(Optional.empty(), Optional.empty(), List.of(), "http://deb.debian.org/debian", 1000,
                List.of("LANG"), Map.of(), "256MiB", 512, 1, NetworkPolicy.OPEN, agentNetwork, NetworkPolicy.OPEN, true, false,
                "docker-compose", directExec);
    }

    /** Where drydock's podman service, lifelines and image builds live across test classes. */
    static Path stateDirectory() {
        return Path.of(System.getProperty("user.dir"), "target", "container-state");
    }

    @Override
    protected WorkspaceBackend createBackend(Path temp) {
        return ContainerWorkspaceProvider.open(testConfig(NetworkPolicy.OPEN), stateDirectory(), System.getenv());
    }

    @Override
    protected Optional<Class<? extends Function<Path, WorkspaceBackend>>> backendInAnotherJvm() {
        return Optional.of(DefaultBackend.class);
    }

    /** The test configuration, for the contract's {@code kill -9} check in a JVM of its own. */
    public static final class DefaultBackend implements Function<Path, WorkspaceBackend> {
        @Override
        public WorkspaceBackend apply(Path root) {
            return ContainerWorkspaceProvider.open(testConfig(NetworkPolicy.OPEN), stateDirectory(), System.getenv());
        }
    }
}
