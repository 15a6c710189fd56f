package dev.drydock.local;

import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.WorkspaceContract;
import java.nio.file.Path;
import java.util.List;

/** The workspace contract, sandbox section included, against {@code local} with bubblewrap. */
class LocalWorkspaceContractTest extends WorkspaceContract {
    @Override
    protected WorkspaceBackend createBackend(Path temp) {
        LocalWorkspaceConfig defaults = LocalWorkspaceConfig.defaults(List.of("PATH"));
        LocalWorkspaceConfig config = new LocalWorkspaceConfig(defaults.root(), defaults.inheritEnv(), defaults.env(),
                java.time.Duration.ofSeconds(1), false, LocalWorkspaceConfig.Isolation.BUBBLEWRAP, 1000, List.of(),
                "256MiB", 512, defaults.setupNetwork(), defaults.agentNetwork(), defaults.measureNetwork());
        return new LocalWorkspaceBackend(temp.resolve("workspaces"), config, System.getenv(), List.of());
    }
}
