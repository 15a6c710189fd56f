package dev.drydock.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a command did.
 *
 * @param exitCode the exit code; empty when the command was killed or the backend cannot tell
 * @param stdout standard output, possibly cut in the middle (see {@code droppedBytes})
 * @param stderr standard error, likewise
 * @param droppedBytes bytes of output dropped by the output limit, both streams together
 * @param duration wall time
 * @param timedOut whether the time limit killed it
 */
public record ExecResult(
        Optional<Integer> exitCode, String stdout, String stderr, long droppedBytes, Duration duration, boolean timedOut) {
    public ExecResult {
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
        requireNonNull(duration, "duration is null");
        if (droppedBytes < 0) {
            throw new IllegalArgumentException("droppedBytes must not be negative");
        }
    }

    public boolean succeeded() {
        return !timedOut && exitCode.isPresent() && exitCode.get() == 0;
    }
}
