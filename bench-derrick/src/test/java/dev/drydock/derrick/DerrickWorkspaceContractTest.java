package dev.drydock.derrick;

import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.testkit.WorkspaceContract;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** The workspace contract against the real derrick 0.4.0 in local mode, with its documented deviations. */
class DerrickWorkspaceContractTest extends WorkspaceContract {
    @Override
    protected WorkspaceBackend createBackend(Path temp) {
        return Derricks.backend(temp, "");
    }

    @Override
    protected Set<Deviation> deviations() {
        return EnumSet.of(Deviation.FAILED_COMMAND_EXIT_CODE_UNKNOWN, Deviation.TIME_LIMIT_ENDS_WORKSPACE,
                Deviation.ONE_WORKSPACE_AT_A_TIME, Deviation.NO_SANDBOX);
    }
}
