package dev.drydock.server;

import dev.drydock.api.AgentInfo;
import dev.drydock.api.CoverageDelta;
import dev.drydock.api.CoverageSummary;
import dev.drydock.api.RepositoryInfo;
import dev.drydock.api.RunResult;
import dev.drydock.api.Secret;
import dev.drydock.api.TestWritingOutcome;
import dev.drydock.testkit.PostgresCluster;
import dev.drydock.testkit.SampleResults;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Submit throughput and query latency of the results server on SQLite and on PostgreSQL, side by
 * side in one run: {@code submit} results are sent over HTTP in batches of 50 by 4 clients (each its
 * own token), the rest up to {@code total} are stored directly (to reach the size queries are
 * measured at; on PostgreSQL then {@code ANALYZE}, as autovacuum would), then the leaderboard (unfiltered and by platform), the plot points and a page of
 * results are fetched over HTTP, {@code queries} times each after 20 warm-up calls.
 *
 * <pre>
 * ./mvnw -q -pl bench-server -am install -DskipTests
 * ./mvnw -q -pl bench-server exec:exec@benchmark -Dbenchmark.submit=20000 -Dbenchmark.total=100000   # the full run
 * ./mvnw -q -pl bench-server exec:exec@benchmark -Dbenchmark.submit=2000 -Dbenchmark.total=10000     # CI's short run
 * </pre>
 *
 * Client, server and database share the machine's two cores.
 */
public final class ServerBenchmark {
    private static final int CLIENTS = 4;
    private static final String[] PLATFORMS = {"python", "javascript", "rust", "java", "go"};

    private ServerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int submit = Integer.parseInt(args.length > 0 ? args[0] : "2000");
        int total = Math.max(submit, Integer.parseInt(args.length > 1 ? args[1] : "10000"));
        int queries = Integer.parseInt(args.length > 2 ? args[2] : "200");
        System.out.printf(Locale.ROOT, "results server: %d submitted over HTTP (batches of %d, %d clients), %d stored in all, %d queries each%n%n",
                submit, ResultsClient.BATCH, CLIENTS, total, queries);
        System.out.printf(Locale.ROOT, "%-11s %12s %9s %9s %9s %9s %9s %9s %9s%n", "database", "submit/s", "board p50", "board p99",
                "plat. p99", "points p99", "page p99", "vs 500/s", "vs 50 ms");
        Path folder = Files.createTempDirectory("drydock-server-benchmark");
        measure("SQLite", "jdbc:sqlite:" + folder.resolve("bench.db"), submit, total, queries);
        try (PostgresCluster cluster = PostgresCluster.start()) {
            measure("PostgreSQL", cluster.createDatabase(), submit, total, queries);
        }
        System.exit(0);
    }

    private static void measure(String name, String url, int submit, int total, int queries) throws Exception {
        List<RunResult> results = generate(total);
        try (ResultsServer server = ResultsServer.start(ServerSettings.defaults(url).withPort(0)
                .withLimits(ServerSettings.DEFAULT_MAX_BODY_BYTES, 1000, 16, Duration.ofSeconds(60)))) {
            SubmitTokens tokens = new SubmitTokens(server.store(), Clock.systemUTC());
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                ResultsClient client = new ResultsClient(server.uri(), Optional.of(Secret.of(tokens.create("client-" + c))),
                        Duration.ofSeconds(60));
                int first = c;
                done.add(clients.submit(() -> {
                    for (int from = first * ResultsClient.BATCH; from < submit; from += CLIENTS * ResultsClient.BATCH) {
                        ResultsClient.Outcome outcome = client.submit(results.subList(from, Math.min(submit, from + ResultsClient.BATCH)));
                        if (!(outcome instanceof ResultsClient.Outcome.Accepted)) {
                            throw new IllegalStateException("a submission failed: " + outcome);
                        }
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> future : done) {
                    future.get();
                }
            } finally {
                clients.shutdownNow();
            }
            double perSecond = submit / ((System.nanoTime() - start) / 1e9);
            for (int from = submit; from < total; from += 1000) {
                server.store().saveAll(results.subList(from, Math.min(total, from + 1000)));
            }
            if (name.equals("PostgreSQL")) {
                // what autovacuum does within a minute of a bulk load on a running server: planner statistics
                server.store().withConnection(connection -> connection.createStatement().execute("ANALYZE"));
            }
            HttpClient http = HttpClient.newHttpClient();
            double[] board = latencies(http, server.uri().resolve("/api/v1/leaderboard?benchmark=test-writing"), queries);
            double[] platform = latencies(http, server.uri().resolve("/api/v1/leaderboard?benchmark=test-writing&platform=rust"), queries);
            double[] points = latencies(http, server.uri().resolve("/api/v1/points?benchmark=test-writing&limit=2000"), queries);
            double[] page = latencies(http, server.uri().resolve("/api/v1/results?limit=50&agent=agent-3"), queries);
            System.out.printf(Locale.ROOT, "%-11s %12.0f %7.1fms %7.1fms %7.1fms %8.1fms %7.1fms %8.2fx %8.2fx%n", name, perSecond,
                    percentile(board, 50), percentile(board, 99), percentile(platform, 99), percentile(points, 99),
                    percentile(page, 99), perSecond / 500, 50 / percentile(board, 99));
        }
    }

    private static double[] latencies(HttpClient http, URI uri, int queries) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        double[] millis = new double[queries];
        for (int i = -20; i < queries; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return millis;
    }

    private static double percentile(double[] values, int percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    /** Results of 10 agents (2 versions each) on 50 repositories of 5 platforms; 80 % test writing, gains varied. */
    private static List<RunResult> generate(int count) {
        Random random = new Random(42);
        RunResult writing = SampleResults.completed("w", "a", "r", 0);
        RunResult running = SampleResults.testRunning("t", "a", "r", 0);
        TestWritingOutcome outcome = writing.testWriting().orElseThrow();
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        List<RunResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RunResult sample = random.nextInt(5) == 0 ? running : writing;
            int repository = random.nextInt(50);
            Instant started = base.plusSeconds(i * 30L);
            Optional<TestWritingOutcome> measured = sample.testWriting().map(o -> {
                int newly = random.nextInt(31);
                CoverageSummary before = o.coverageBefore();
                return new TestWritingOutcome(before, o.coverageAfter(), o.targetBefore(), o.targetAfter(),
                        Optional.of(new CoverageDelta(before, newly, 0, before.linesCovered() + newly, 0, before.branchesCovered())),
                        o.targetDelta(), o.testsBefore(), o.testsAfter(), o.testsPrecise(), o.tests(), o.modifications(),
                        o.violations(), o.efficiency());
            });
            results.add(new RunResult(sample.schemaVersion(), "bench-" + i, "suite-" + (i % 3), sample.benchmark(),
                    new AgentInfo("agent-" + random.nextInt(10), "v" + random.nextInt(2)),
                    new RepositoryInfo("repo-" + repository, "sample:repo-" + repository, sample.repository().commit(),
                            PLATFORMS[repository % PLATFORMS.length]),
                    sample.target(), 1 + random.nextInt(3), started, started.plusSeconds(20 + random.nextInt(600)), sample.status(),
                    sample.error(), sample.agentCommand(), measured, sample.testRunning(), sample.usage(), sample.costUsd(),
                    sample.environment(), sample.isolation()));
        }
        return results;
    }
}
