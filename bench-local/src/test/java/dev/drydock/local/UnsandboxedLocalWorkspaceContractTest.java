package dev.drydock.local;

import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.WorkspaceContract;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code isolation: none}, written out: the contract holds, and the workspace says it has no sandbox. */
class UnsandboxedLocalWorkspaceContractTest extends WorkspaceContract {
    @Override
    protected Set<Deviation> deviations() {
        return EnumSet.of(Deviation.NO_SANDBOX);
    }

    @Override
    protected WorkspaceBackend createBackend(Path temp) {
        LocalWorkspaceConfig config = LocalWorkspaceConfig.defaults(List.of("PATH"))
                .withIsolation(LocalWorkspaceConfig.Isolation.NONE);
        return new LocalWorkspaceBackend(temp.resolve("workspaces"), config, System.getenv(), List.of(), temp);
    }
}
