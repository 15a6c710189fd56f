package dev.drydock.api;

/**
 * How a run ended. Only the agent's own failures are scored against it; an infrastructure failure
 * (setup script, baseline, provider, store) is never counted as the agent's.
 */
public enum RunStatus {
    /** Everything ran; the measurements are complete. */
    COMPLETED,
    /** The agent exited non-zero or left the project unmeasurable; what could be measured was. */
    AGENT_FAILED,
    /** The agent ran past its time limit and was killed with its whole process tree. */
    AGENT_TIMED_OUT,
    /** drydock or a provider failed before the agent could be judged. */
    INFRASTRUCTURE_FAILED,
    /** drydock stopped (killed, crashed) before the run finished; recorded when drydock next ran the suite. */
    INTERRUPTED
}
