package dev.drydock.local;

import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.WorkspaceContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The workspace contract, sandbox section included, against {@code local} with bubblewrap. */
class LocalWorkspaceContractTest extends WorkspaceContract {
    @Override
    protected Optional<Class<? extends Function<Path, WorkspaceBackend>>> backendInAnotherJvm() {
        return Optional.of(DefaultBackend.class);
    }

    /** {@code local} with its defaults, for the contract's {@code kill -9} check in a JVM of its own. */
    public static final class DefaultBackend implements Function<Path, WorkspaceBackend> {
        @Override
        public WorkspaceBackend apply(Path root) {
            return new LocalWorkspaceBackend(root, LocalWorkspaceConfig.defaults(List.of("PATH")), System.getenv(), List.of(),
                    root.getParent());
        }
    }

    @Override
    protected WorkspaceBackend createBackend(Path temp) {
        LocalWorkspaceConfig defaults = LocalWorkspaceConfig.defaults(List.of("PATH"));
        LocalWorkspaceConfig config = new LocalWorkspaceConfig(defaults.root(), defaults.inheritEnv(), defaults.env(),
                java.time.Duration.ofSeconds(1), false, LocalWorkspaceConfig.Isolation.BUBBLEWRAP, 1000, List.of(),
                "256MiB", 512, defaults.setupNetwork(), defaults.agentNetwork(), defaults.measureNetwork(), true, 16, true);
        return new LocalWorkspaceBackend(temp.resolve("workspaces"), config, System.getenv(), List.of(), temp);
    }
}
