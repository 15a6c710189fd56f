package dev.drydock.store.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.RunQuery;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Results in one JSON document, {@code {"schemaVersion": 1, "results": [...]}}. Every save reads
 * the file, replaces or appends the result and writes a new file next to it that is then renamed
 * over the old one, all under an exclusive lock on {@code <file>.lock}: readers see the old or the
 * new document, never half of one. A file this version cannot read is left untouched and reported.
 */
final class JsonResultStore implements ResultStore {
    /** File locks are per process; this keeps threads of one process from colliding on them. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path lockFile;

    JsonResultStore(Path file) {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
    }

    record Document(@JsonProperty("schemaVersion") int schemaVersion, @JsonProperty("results") List<RunResult> results) {
        Document {
            results = List.copyOf(results == null ? List.of() : results);
        }
    }

    @Override
    public void verifyWritable() {
        withLock(() -> {
            read();
            if (Files.exists(file) && !Files.isWritable(file)) {
                throw new DrydockException(ErrorCode.STORE, file + " is not writable");
            }
            try {
                Files.delete(Files.createTempFile(file.getParent(), "." + file.getFileName(), ".probe"));
            } catch (IOException e) {
                throw new DrydockException(ErrorCode.STORE, "cannot write in " + file.getParent() + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    @Override
    public void save(RunResult result) {
        withLock(() -> {
            List<RunResult> results = new ArrayList<>(read().results());
            results.removeIf(existing -> existing.runId().equals(result.runId()));
            results.add(result);
            write(new Document(RunResult.SCHEMA_VERSION, results));
            return null;
        });
    }

    @Override
    public Optional<RunResult> find(String runId) {
        return withLock(() -> read().results().stream().filter(r -> r.runId().equals(runId)).findFirst());
    }

    @Override
    public List<RunResult> list(RunQuery query) {
        return query.select(withLock(() -> read().results()));
    }

    private Document read() {
        if (!Files.exists(file)) {
            return new Document(RunResult.SCHEMA_VERSION, List.of());
        }
        try {
            Document document = RunResultJson.mapper().readValue(file.toFile(), Document.class);
            if (document.schemaVersion() > RunResult.SCHEMA_VERSION) {
                throw new DrydockException(ErrorCode.STORE, file + " was written by a newer drydock (schema version "
                        + document.schemaVersion() + ", this one reads up to " + RunResult.SCHEMA_VERSION
                        + "); it was left untouched");
            }
            return document;
        } catch (JsonProcessingException e) {
            throw new DrydockException(ErrorCode.STORE, file + " is not a drydock results file ("
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + "); it was left untouched", e);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Document document) {
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(RunResultJson.mapper().writeValueAsBytes(document)));
                channel.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DrydockException(ErrorCode.STORE, "the file system of " + file + " cannot rename atomically", e);
            }
            temp = null;
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless: it is never read
                }
            }
        }
    }

    private <T> T withLock(IoAction<T> action) {
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot lock " + lockFile + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }

    @Override
    public void close() {
        // nothing is held between calls
    }

    @Override
    public String toString() {
        return "JsonResultStore[" + file + "]";
    }
}
