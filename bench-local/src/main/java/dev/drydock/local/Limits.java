package dev.drydock.local;

import java.util.Optional;

/**
 * The resource limits a workspace's commands actually have.
 *
 * @param memoryBytes the memory limit, when enforced
 * @param processes the process limit, when enforced
 * @param why why a configured limit is not enforced; empty when all are
 */
record Limits(Optional<Long> memoryBytes, Optional<Integer> processes, String why) {
    static Limits none(String why) {
        return new Limits(Optional.empty(), Optional.empty(), why);
    }
}
