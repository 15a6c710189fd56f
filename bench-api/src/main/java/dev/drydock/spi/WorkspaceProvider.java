package dev.drydock.spi;

/** Creates workspace backends: where agents work and coverage is measured. */
public interface WorkspaceProvider extends Provider {
    WorkspaceBackend create(ProviderConfig config, ProviderContext context);
}
