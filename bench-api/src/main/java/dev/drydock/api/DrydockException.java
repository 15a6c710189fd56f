package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception family of drydock. Providers wrap {@code IOException} and friends at
 * their boundary into this type, keeping the cause, so the orchestrator can record an {@link
 * ErrorCode} instead of a stack trace.
 */
public class DrydockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public DrydockException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public DrydockException(ErrorCode code, String message, @Nullable Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
