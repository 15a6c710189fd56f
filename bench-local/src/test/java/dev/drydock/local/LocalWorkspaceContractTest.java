package dev.drydock.local;

import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.WorkspaceContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class LocalWorkspaceContractTest extends WorkspaceContract {
    @Override
    protected WorkspaceBackend createBackend(Path temp) {
        LocalWorkspaceConfig config =
                new LocalWorkspaceConfig(Optional.empty(), List.of("PATH"), Map.of(), Duration.ofSeconds(1), false);
        return new LocalWorkspaceBackend(temp.resolve("workspaces"), config, System.getenv());
    }
}
