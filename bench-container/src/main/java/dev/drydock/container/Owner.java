package dev.drydock.container;

import java.time.Instant;
import java.util.Optional;

/**
 * Which drydock process made a container or network: its process id and start time, so that a
 * reused process id is not mistaken for the drydock that was killed.
 */
record Owner(long pid, long startMillis) {
    static final String LABEL = "dev.drydock.owner";
    static final String RUN_LABEL = "dev.drydock.run";

    static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(self.pid(), self.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
    }

    String label() {
        return pid + "-" + startMillis;
    }

    static Optional<Owner> parse(String label) {
        String[] parts = label.split("-", 2);
        try {
            return Optional.of(new Owner(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this drydock still runs. */
    boolean alive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == startMillis)
                .orElse(false);
    }
}
