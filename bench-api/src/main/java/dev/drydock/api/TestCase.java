package dev.drydock.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One executed test.
 *
 * @param id a stable identity, {@code classname::name} as the report wrote them
 * @param status how it ended
 * @param time how long it took, zero when the report does not say
 */
public record TestCase(String id, TestStatus status, Duration time) {
    public TestCase {
        requireNonNull(id, "id is null");
        requireNonNull(status, "status is null");
        requireNonNull(time, "time is null");
    }
}
