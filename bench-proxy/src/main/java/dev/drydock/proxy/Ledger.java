package dev.drydock.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One row per upstream call, appended as a JSON line by a thread of its own so that no request
 * waits for the disk. Without a file the rows are only counted into the sessions.
 */
final class Ledger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param outcome {@code ok}, {@code upstream_error} (the upstream answered 4xx/5xx),
     *     {@code upstream_unreachable}, {@code dropped} (the stream broke), {@code client_gone},
     *     {@code over_budget}
     */
    record Row(String runId, String route, String model, int status, String outcome, long inputTokens,
            long outputTokens, long cacheReadTokens, long cacheCreationTokens, long latencyMillis,
            long firstByteMillis, String startedAt) {
        Row(String runId, Route route, String model, int status, String outcome, TokenCount tokens, long latencyMillis,
                long firstByteMillis, Instant startedAt) {
            this(runId, route.name().toLowerCase(java.util.Locale.ROOT), model, status, outcome, tokens.input(),
                    tokens.output(), tokens.cacheRead(), tokens.cacheCreation(), latencyMillis, firstByteMillis,
                    startedAt.toString());
        }
    }

    private final Optional<Path> file;
    private final ExecutorService writer;

    Ledger(Optional<Path> file) {
        this.file = file;
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "drydock-proxy-ledger");
            thread.setDaemon(true);
            return thread;
        });
    }

    void append(Row row) {
        file.ifPresent(path -> writer.execute(() -> {
            try {
                Files.write(path, (MAPPER.writeValueAsString(row) + "\n").getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                log.warn("cannot append to the LLM ledger {}: {}", path, e.toString());
            }
        }));
    }

    /** Waits for the rows already handed over to be written. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
