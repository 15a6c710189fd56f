package dev.drydock.server;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Results submitted to a results server as they are made. Each result is first written to the
 * spool folder (one file per run, fsynced, renamed into place), then the spool is sent in batches;
 * a result leaves the spool only when the server has acknowledged it. While the server is down a
 * save retries with backoff for {@code patience}, then leaves the result spooled and carries on;
 * every later save, and {@link #close()}, sends what waits. A result the server refuses for good
 * (400, 409) moves to {@code spool/refused/} with the server's reason, and the save fails with it.
 * While the server is known to be down, a save tries once and carries on; closing tries for {@code patience}.
 */
final class ServerResultStore implements ResultStore {
    private static final Logger LOG = LoggerFactory.getLogger(ServerResultStore.class);

    private final ResultsClient client;
    private final Path spool;
    private final Path refused;
    private final Duration patience;
    private boolean warnedUnavailable;

    ServerResultStore(ResultsClient client, Path spool, Duration patience) {
        this.client = client;
        this.spool = spool;
        this.refused = spool.resolve("refused");
        this.patience = patience;
    }

    @Override
    public synchronized void verifyWritable() {
        try {
            Files.createDirectories(spool);
            Files.delete(Files.createTempFile(spool, ".probe", ".tmp"));
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot write the spool " + spool + ": " + e.getMessage(), e);
        }
        // an empty submission proves the token without storing anything
        ResultsClient.Outcome outcome = client.submit(List.of());
        if (outcome instanceof ResultsClient.Outcome.Refused refusal) {
            throw new DrydockException(ErrorCode.STORE, "the results server " + client + " refuses this store's submissions: "
                    + refusal.message());
        }
        if (outcome instanceof ResultsClient.Outcome.Unavailable unavailable) {
            LOG.warn("the results server is unavailable now ({}); results wait in {} until it is back", unavailable.reason(), spool);
            warnedUnavailable = true;
        }
        flush();
    }

    @Override
    public synchronized void save(RunResult result) {
        Path file = spool.resolve(fileName(result.runId()));
        write(file, RunResultJson.toJsonArray(List.of(result)));
        flush();
        if (Files.exists(refused.resolve(file.getFileName()))) {
            throw new DrydockException(ErrorCode.STORE, "the results server refused run " + result.runId() + ": "
                    + readQuietly(refused.resolve(file.getFileName() + ".why")) + " (kept in " + refused + ")");
        }
    }

    /**
     * Sends what waits in the spool, oldest file first; stops at the first batch the server cannot take
     * now. While the server is known to be down, one attempt instead of retrying for {@code patience},
     * so a suite does not wait that long after every run.
     */
    private void flush() {
        flush(warnedUnavailable ? Duration.ZERO : patience);
    }

    private void flush(Duration wait) {
        List<Path> waiting = spooled();
        for (int from = 0; from < waiting.size(); from += ResultsClient.BATCH) {
            List<Path> files = waiting.subList(from, Math.min(waiting.size(), from + ResultsClient.BATCH));
            ResultsClient.Outcome outcome = client.submitPatiently(read(files), wait);
            if (outcome instanceof ResultsClient.Outcome.Unavailable unavailable) {
                if (!warnedUnavailable) {
                    LOG.warn("the results server is unavailable ({}); {} results wait in {}", unavailable.reason(), waiting.size() - from,
                            spool);
                    warnedUnavailable = true;
                }
                return;
            }
            warnedUnavailable = false;
            if (outcome instanceof ResultsClient.Outcome.Accepted) {
                files.forEach(ServerResultStore::deleteQuietly);
            } else {
                // one bad result refuses its whole batch: send them one by one to find it
                for (Path file : files) {
                    ResultsClient.Outcome alone = client.submitPatiently(read(List.of(file)), wait);
                    if (alone instanceof ResultsClient.Outcome.Accepted) {
                        deleteQuietly(file);
                    } else if (alone instanceof ResultsClient.Outcome.Refused refusal) {
                        moveToRefused(file, refusal);
                    } else {
                        return;
                    }
                }
            }
        }
    }

    private void moveToRefused(Path file, ResultsClient.Outcome.Refused refusal) {
        try {
            Files.createDirectories(refused);
            write(refused.resolve(file.getFileName() + ".why"), "HTTP " + refusal.status() + ": " + refusal.message()
                    + (refusal.problems().isEmpty() ? "" : " " + refusal.problems()));
            Files.move(file, refused.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("the results server refused {}: HTTP {} {}", file.getFileName(), refusal.status(), refusal.message());
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot move " + file + " to " + refused + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<RunResult> find(String runId) {
        Path file = spool.resolve(fileName(runId));
        if (Files.exists(file)) {
            return Optional.of(read(List.of(file)).get(0));
        }
        return client.find(runId);
    }

    @Override
    public synchronized List<RunResult> list(RunQuery query) {
        Map<String, RunResult> all = new LinkedHashMap<>();
        client.list(query).forEach(result -> all.put(result.runId(), result));
        read(spooled()).forEach(result -> all.putIfAbsent(result.runId(), result));
        return query.select(all.values());
    }

    @Override
    public synchronized void close() {
        flush(patience);
        int left = spooled().size();
        if (left > 0) {
            LOG.warn("{} results wait in {}: the next run with this store sends them, or: drydock submit {} --server {}", left, spool,
                    spool, client);
        }
    }

    private List<Path> spooled() {
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot read the spool " + spool + ": " + e.getMessage(), e);
        }
    }

    private static List<RunResult> read(List<Path> files) {
        List<RunResult> results = new ArrayList<>();
        for (Path file : files) {
            try {
                results.addAll(List.of(RunResultJson.mapper().readValue(file.toFile(), RunResult[].class)));
            } catch (java.io.FileNotFoundException e) {
                // sent and removed meanwhile by another drydock sharing the spool
            } catch (IOException e) {
                throw new DrydockException(ErrorCode.STORE, "cannot read the spooled result " + file + ": " + e.getMessage(), e);
            }
        }
        return results;
    }

    /** A file name for a run id: readable, and unique even for ids with characters a file name cannot have. */
    static String fileName(String runId) {
        String safe = runId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.equals(runId) ? runId + ".json" : safe + "-" + SubmitTokens.hash(runId).substring(0, 12) + ".json";
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(reason unreadable)";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove the sent result {}: {}", file, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ServerResultStore[" + client + ", spool " + spool + "]";
    }
}
