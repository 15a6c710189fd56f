package dev.drydock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drydock.spi.RunQuery;
import dev.drydock.testkit.SampleResults;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The API on SQLite, and how the server holds up against clients that try to exhaust it. */
class SqliteServerTest extends ServerTests {
    private static final long GIGABYTE = 1L << 30;

    @Override
    protected String databaseUrl(Path folder) {
        return "jdbc:sqlite:" + folder.resolve("results.db");
    }

    /** A body of {@code length} bytes made as it is read, counting how much the server took. */
    private static InputStream endless(long length, AtomicLong sent) {
        return new InputStream() {
            @Override
            public int read() {
                return sent.getAndIncrement() < length ? ' ' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                long left = length - sent.get();
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(count, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) ' ');
                sent.addAndGet(n);
                return n;
            }
        };
    }

    private int postGigabyte(Optional<String> bearer, boolean declareLength, AtomicLong sent) throws InterruptedException {
        HttpRequest.BodyPublisher body = declareLength
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> endless(GIGABYTE, sent)), GIGABYTE)
                : HttpRequest.BodyPublishers.ofInputStream(() -> endless(GIGABYTE, sent));
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("/api/v1/results")).timeout(Duration.ofSeconds(60))
                .POST(body);
        bearer.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1; // the server closed the connection on a body it would not read: also a refusal
        }
    }

    @Test
    void aGigabyteBodyIsRefusedAfterAtMostTheLimitIsRead() throws Exception {
        for (Optional<String> bearer : List.of(Optional.<String>empty(), Optional.of(token))) {
            for (boolean declared : List.of(true, false)) {
                AtomicLong sent = new AtomicLong();
                int status = postGigabyte(bearer, declared, sent);
                assertThat(status).as("token %s, length declared %s", bearer.isPresent(), declared)
                        .isIn(bearer.isPresent() ? List.of(413, -1) : List.of(401, -1));
                // the limit (8 MiB) plus what sockets buffer; never the gigabyte
                assertThat(sent.get()).as("bytes the client got to send").isLessThan(64L << 20);
            }
        }
        assertThat(submit(List.of(SampleResults.completed("run-1", "a", "r", 1))).statusCode()).isEqualTo(200);
    }

    @Test
    void fiveHundredSlowConnectionsDoNotKeepOthersFromBeingServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                OutputStream out = socket.getOutputStream();
                // half a request: the headers never end
                out.write(("POST /api/v1/results HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nX-Slow: ")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            // four slow uploads under the same token: headers complete, the body trickles
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST /api/v1/results HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Length: 1000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            Thread.sleep(300);
            String other = tokens.create("other");
            long start = System.nanoTime();
            assertThat(get("/api/v1/leaderboard").statusCode()).isEqualTo(200);
            assertThat(post(json(List.of(SampleResults.completed("run-1", "a", "r", 1))), Optional.of(other)).statusCode()).isEqualTo(200);
            // the slow client's own token has no upload slot left; others are not affected
            assertThat(submit(List.of(SampleResults.completed("run-2", "a", "r", 2))).statusCode()).isEqualTo(503);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        assertThat(server.store().list(RunQuery.ALL)).hasSize(1);
    }

    @Test
    void aFloodOfSubmissionsIsSlowedWhileOthersAreServed() throws Exception {
        ExecutorService flood = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                statuses.add(flood.submit(() -> submit(List.of(SampleResults.completed("f-" + n, "a", "r", n))).statusCode()));
            }
            String other = tokens.create("other");
            assertThat(post(json(List.of(SampleResults.completed("o-1", "b", "r", 1))), Optional.of(other)).statusCode())
                    .isEqualTo(200);
            assertThat(get("/api/v1/results?limit=1").statusCode()).isEqualTo(200);
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).contains(200, 429).allMatch(code -> code == 200 || code == 429 || code == 503);
            long stored = codes.stream().filter(code -> code == 200).count();
            assertThat(server.store().list(RunQuery.ALL.withAgent("a"))).hasSize((int) stored);
        } finally {
            flood.shutdownNow();
        }
    }
}
