package dev.drydock.spi;

/**
 * A configured source of workspaces, open for the whole benchmark session. Must allow several
 * workspaces to live side by side, or queue them, without interference.
 */
public interface WorkspaceBackend extends AutoCloseable {
    /**
     * Creates a workspace holding a private checkout of {@code spec.repository()} at {@code
     * spec.commit()}; nothing else (no setup) has run in it.
     *
     * @throws dev.drydock.api.DrydockException with {@code WORKSPACE}, {@code REPOSITORY} or {@code
     *     PROVIDER_UNAVAILABLE} when that cannot be done
     */
    Workspace provision(WorkspaceSpec spec);

    @Override
    void close();
}
