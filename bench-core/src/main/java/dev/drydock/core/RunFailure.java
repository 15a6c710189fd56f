package dev.drydock.core;

import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunError;
import dev.drydock.api.RunStatus;

/** Ends a run early with a status and an error; caught by the benchmark, never escapes it. */
final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final RunStatus status;
    final transient RunError error;

    RunFailure(RunStatus status, ErrorCode code, String message, String detail) {
        super(message, null, false, false);
        this.status = status;
        this.error = new RunError(code, message, detail);
    }

    static RunFailure infrastructure(ErrorCode code, String message, String detail) {
        return new RunFailure(RunStatus.INFRASTRUCTURE_FAILED, code, message, detail);
    }
}
