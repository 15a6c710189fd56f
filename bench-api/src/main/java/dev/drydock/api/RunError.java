package dev.drydock.api;

import static java.util.Objects.requireNonNull;

/**
 * Why a run did not complete.
 *
 * @param code the cause, for counting
 * @param message one line for people
 * @param detail supporting evidence (a log excerpt, the failing command's output), redacted; may be empty
 */
public record RunError(ErrorCode code, String message, String detail) {
    public RunError {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        requireNonNull(detail, "detail is null");
    }
}
