package dev.drydock.api;

/** Why something failed. Every failed run result carries one, so failures can be counted by cause. */
public enum ErrorCode {
    /** The configuration is malformed, incomplete or names something that does not exist. */
    CONFIGURATION,
    /** A provider could not be found, started or reached. */
    PROVIDER_UNAVAILABLE,
    /** The repository could not be fetched or the pinned commit does not exist. */
    REPOSITORY,
    /** A workspace operation failed (provisioning, a file outside the workspace, an I/O error). */
    WORKSPACE,
    /** A setup script of the platform, repository or agent exited non-zero. */
    SETUP_FAILED,
    /** Something ran past its time limit. */
    TIMEOUT,
    /** The agent exited non-zero or could not be started. */
    AGENT_FAILED,
    /**
     * The agent broke the workspace's own state drydock relies on (deleted or corrupted {@code .git});
     * the agent's failure, its changes still measured from drydock's copy of the baseline.
     */
    WORKSPACE_TAMPERED,
    /** The coverage or test command failed to produce its report. */
    TEST_EXECUTION,
    /** A coverage or test report is malformed. */
    REPORT_FORMAT,
    /** The result store could not read or write. */
    STORE,
    /** drydock stopped before the run finished (see {@link RunStatus#INTERRUPTED}). */
    INTERRUPTED,
    /** A bug in drydock. */
    INTERNAL
}
