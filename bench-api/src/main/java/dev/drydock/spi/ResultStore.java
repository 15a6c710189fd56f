package dev.drydock.spi;

import dev.drydock.api.RunResult;
import java.util.List;
import java.util.Optional;

/**
 * Where results are kept. A save is atomic: a crash during {@link #save} leaves the store as it
 * was before, and results already stored are never lost or corrupted.
 */
public interface ResultStore extends AutoCloseable {
    /**
     * Checks, before the first run starts, that results can be stored: the store is readable (not
     * corrupt, not from a newer schema) and writable. Hours of runs must not end in a store that
     * refuses them.
     *
     * @throws dev.drydock.api.DrydockException with {@code STORE} naming what is wrong
     */
    void verifyWritable();

    /** Stores a result; saving a run id again replaces the earlier result. */
    void save(RunResult result);

    Optional<RunResult> find(String runId);

    /** Results matching the query, oldest first. */
    List<RunResult> list(RunQuery query);

    @Override
    void close();
}
