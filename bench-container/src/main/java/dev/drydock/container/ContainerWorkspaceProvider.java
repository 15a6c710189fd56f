package dev.drydock.container;

import dev.drydock.spi.HostEnvironment;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** {@code workspace: {provider: container}} — workspaces in podman or Docker containers. */
public final class ContainerWorkspaceProvider implements WorkspaceProvider {
    public static final String NAME = "container";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<ContainerWorkspaceConfig> configType() {
        return ContainerWorkspaceConfig.class;
    }

    @Override
    public WorkspaceBackend create(ProviderConfig config, ProviderContext context) {
        // the binder reports the record's own checks with file and line
        ContainerWorkspaceConfig settings = config.bind(ContainerWorkspaceConfig.class);
        return open(settings, context.cacheDirectory().resolve("container"), context.environment());
    }

    /** A backend for {@code settings}, keeping its state (the podman socket, lifelines, image builds) in {@code stateDirectory}. */
    public static WorkspaceBackend open(ContainerWorkspaceConfig settings, Path stateDirectory, Map<String, String> hostEnv) {
        Engine engine = Engine.connect(settings.socket(), hostEnv, stateDirectory);
        try {
            Images.Image image = new Images(engine, stateDirectory).resolve(settings);
            Map<String, String> env = new TreeMap<>(HostEnvironment.inherited(hostEnv, settings.inheritEnv()));
            env.putAll(settings.env());
            return new ContainerWorkspaceBackend(engine, settings, image, stateDirectory, env);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }
}
