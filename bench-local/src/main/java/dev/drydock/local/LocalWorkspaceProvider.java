package dev.drydock.local;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.HostEnvironment;
import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceProvider;
import java.nio.file.Path;
import java.util.List;

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
        if (settings.setupNetwork() == NetworkPolicy.PROXY_ONLY || settings.agentNetwork() == NetworkPolicy.PROXY_ONLY
                || settings.measureNetwork() == NetworkPolicy.PROXY_ONLY) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "the local workspace provider cannot enforce network "
                    + "policy proxy-only (its commands share the host's network or have none); use open or none, or the "
                    + "container provider");
        }
        try {
            settings.memoryLimitBytes();
        } catch (IllegalArgumentException e) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "workspace: " + e.getMessage());
        }
        return new LocalWorkspaceBackend(root, settings,
                HostEnvironment.withToolchainHomes(context.environment(), context.userHome()),
                List.of(context.baseDirectory(), context.cacheDirectory()), context.cacheDirectory());
    }
}
