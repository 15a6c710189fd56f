package dev.drydock.spi;

import dev.drydock.api.Isolation;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

/**
 * One isolated place with a checkout of the repository. File paths are relative to the checkout
 * (the project root) and may not leave it; commands run with {@code bash -c}.
 */
public interface Workspace extends AutoCloseable {
    /** The backend's id of this workspace. */
    String id();

    /** The absolute path of the checkout as commands inside the workspace see it ({@code PROJECT_ROOT}). */
    String projectRoot();

    /**
     * Runs a command and waits for it, at most for the request's time limit, after which the
     * command and everything it started are killed and the result says {@code timedOut}. A
     * command that fails is a result, not an exception.
     *
     * @throws dev.drydock.api.DrydockException with {@code WORKSPACE} when the command could not
     *     be run at all
     */
    ExecResult exec(ExecRequest request);

    /** Reads a file of the checkout. A missing file or a path outside the checkout is a {@code WORKSPACE} error. */
    byte[] readFile(String path);

    /**
     * Opens a file of the checkout for reading, for reports too large to hold twice. The default
     * reads the file whole; backends that can stream override it.
     */
    default InputStream openFile(String path) {
        return new ByteArrayInputStream(readFile(path));
    }

    /**
     * The isolation this workspace's commands have: what is enforced and what is not. Results
     * record it; a provider that sandboxes overrides this.
     */
    default Isolation isolation() {
        return Isolation.NONE;
    }

    /**
     * Whether this workspace was made from a snapshot saved after the repository's setup ({@link
     * WorkspaceSpec#setup()}) ran in an earlier workspace of the same repository, commit and recipe:
     * drydock then skips the setup.
     */
    default boolean setupRestored() {
        return false;
    }

    /**
     * Called right after the repository's setup succeeded in this workspace (and before anything
     * else ran in it): a backend with setup snapshots saves the workspace so that later ones of the
     * same key start from here, unless the setup changed tracked files (a later workspace's checkout
     * check would refuse it). Returns whether it saved one.
     */
    default boolean saveSetup() {
        return false;
    }

    /**
     * The address commands in this workspace use to reach {@code service}, an address of drydock's
     * own on this machine (the LLM proxy, say). The default is the address itself, right for
     * workspaces that share the host's network; a provider with a network of its own maps it.
     */
    default java.net.URI reach(java.net.URI service) {
        return service;
    }

    /**
     * Starts the services of a compose file for this workspace alone (an agent's database, say):
     * reachable from this workspace's commands and from nothing else, stopped and removed when the
     * workspace closes. Returns the variables that tell commands where they are.
     *
     * @throws dev.drydock.api.DrydockException with {@code CONFIGURATION} when the provider cannot
     *     run containers, {@code WORKSPACE} when the services do not start
     */
    default Map<String, String> startServices(java.nio.file.Path composeFile) {
        throw new dev.drydock.api.DrydockException(dev.drydock.api.ErrorCode.CONFIGURATION,
                "this workspace provider cannot start an agent's compose services (" + composeFile.getFileName()
                        + "); use workspace provider container");
    }

    /** Writes a file of the checkout, creating parent folders. */
    void writeFile(String path, byte[] content);

    /** Whether a file exists in the checkout. */
    boolean exists(String path);

    /** Stops what still runs in the workspace and deletes it. Never throws for a workspace already gone. */
    @Override
    void close();
}
