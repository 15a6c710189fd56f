package dev.drydock.spi;

/**
 * Whose code a command runs, which decides how a sandboxing workspace treats it. Every phase is
 * sandboxed where the backend can sandbox; they differ in what they may write and reach.
 */
public enum ExecPhase {
    /**
     * The repository's own setup recipe, before any agent ran in the workspace: trusted code that
     * may fill the shared toolchain caches (Maven's local repository) and reach package registries.
     */
    SETUP,
    /** The agent's setup and command: its own code; shared caches are read-only. */
    AGENT,
    /**
     * Everything in a workspace an agent has touched or whose tests an agent wrote: drydock's own
     * commands there, coverage runs and replays. Shared caches are read-only.
     */
    MEASURE;

    /** The phase's name as results record it ({@code setup}, {@code agent}, {@code measure}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
