package dev.drydock.container;

import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.WorkspaceContract;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The workspace contract with {@code direct-exec: false}: every command through the engine's
 * {@code exec}, as for a drydock that is not root or an engine on another machine.
 */
class EngineExecContainerWorkspaceContractTest extends WorkspaceContract {
    @Override
    protected WorkspaceBackend createBackend(Path temp) {
        return new EngineExecBackend().apply(temp);
    }

    @Override
    protected Optional<Class<? extends Function<Path, WorkspaceBackend>>> backendInAnotherJvm() {
        return Optional.of(EngineExecBackend.class);
    }

    /** The test configuration without direct exec, also for the {@code kill -9} check in a JVM of its own. */
    public static final class EngineExecBackend implements Function<Path, WorkspaceBackend> {
        @Override
        public WorkspaceBackend apply(Path root) {
            return ContainerWorkspaceProvider.open(ContainerWorkspaceContractTest.testConfig(NetworkPolicy.OPEN, false),
                    ContainerWorkspaceContractTest.stateDirectory(), System.getenv());
        }
    }
}
