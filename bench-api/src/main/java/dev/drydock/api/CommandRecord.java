package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What one command (the agent, a setup script) did, as stored with a result.
 *
 * @param exitCode its exit code; empty when it was killed or the workspace could not tell
 * @param timedOut whether it ran past its time limit and was killed
 * @param duration wall time
 * @param stdout the end of its standard output, redacted
 * @param stderr the end of its standard error, redacted
 * @param droppedBytes output bytes not kept (output cap and storage cap); non-zero means it flooded
 */
public record CommandRecord(
        Optional<Integer> exitCode, boolean timedOut, Duration duration, String stdout, String stderr, long droppedBytes) {
    public CommandRecord {
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(stdout, "stdout is null");
        requireNonNull(stderr, "stderr is null");
    }

    public boolean succeeded() {
        return !timedOut && exitCode.orElse(-1) == 0;
    }
}
