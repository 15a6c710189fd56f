package dev.drydock.local;

import dev.drydock.spi.HostEnvironment;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceProvider;
import java.nio.file.Path;

/** {@code workspace: {provider: local}} — temporary-folder workspaces on this machine. */
public final class LocalWorkspaceProvider implements WorkspaceProvider {
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<LocalWorkspaceConfig> configType() {
        return LocalWorkspaceConfig.class;
    }

    @Override
    public WorkspaceBackend create(ProviderConfig config, ProviderContext context) {
        LocalWorkspaceConfig settings = config.bind(LocalWorkspaceConfig.class);
        Path root = settings.root()
                .map(context.baseDirectory()::resolve)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
        return new LocalWorkspaceBackend(root, settings,
                HostEnvironment.withToolchainHomes(System.getenv(), Path.of(System.getProperty("user.home"))));
    }
}
