package dev.drydock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.api.RunError;
import dev.drydock.api.RunResult;
import dev.drydock.api.RunStatus;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.testkit.SampleResults;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results API over real HTTP, on the database a subclass names. */
abstract class ServerTests {
    @TempDir
    Path temp;

    ResultsServer server;
    SubmitTokens tokens;
    String token;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected abstract String databaseUrl(Path folder);

    protected ServerSettings settings(String url) {
        return ServerSettings.defaults(url).withPort(0);
    }

    @BeforeEach
    void start() {
        server = ResultsServer.start(settings(databaseUrl(temp)));
        tokens = new SubmitTokens(server.store(), Clock.systemUTC());
        token = tokens.create("ci");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- helpers

    static String json(List<RunResult> results) {
        return RunResultJson.toJsonArray(results);
    }

    HttpResponse<String> post(String body, Optional<String> bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("/api/v1/results"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        bearer.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> submit(List<RunResult> results) throws IOException, InterruptedException {
        return post(json(results), Optional.of(token));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode body(HttpResponse<String> response) throws IOException {
        return RunResultJson.mapper().readTree(response.body());
    }

    static List<String> problems(HttpResponse<String> response) throws IOException {
        List<String> problems = new ArrayList<>();
        body(response).path("error").path("problems").forEach(p -> problems.add(p.asText()));
        return problems;
    }

    /** A test-writing result that newly covered {@code newly} of the sample's 30 uncovered lines. */
    static RunResult withGain(String runId, String agent, String repository, int minute, int newly) {
        ObjectNode node = RunResultJson.mapper().valueToTree(SampleResults.completed(runId, agent, repository, minute));
        ObjectNode delta = (ObjectNode) node.path("testWriting").path("delta");
        delta.put("newlyCoveredLines", newly).put("lostLines", 0).put("coveredAfter", 10 + newly);
        try {
            return RunResultJson.mapper().treeToValue(node, RunResult.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code result} on a catalog project of size class {@code size}. */
    static RunResult sized(RunResult result, String size) {
        dev.drydock.api.RepositoryInfo r = result.repository();
        return new RunResult(result.schemaVersion(), result.runId(), result.suite(), result.benchmark(), result.agent(),
                new dev.drydock.api.RepositoryInfo(r.name(), r.url(), r.commit(), r.platform(), Optional.of(size)), result.target(),
                result.repetition(), result.startedAt(), result.finishedAt(), result.status(), result.error(), result.agentCommand(),
                result.testWriting(), result.testRunning(), result.usage(), result.costUsd(), result.environment(), result.isolation());
    }

    static RunResult infrastructureFailure(String runId, String agent, int minute) {
        RunResult sample = SampleResults.completed(runId, agent, "repo-x", minute);
        return new RunResult(sample.schemaVersion(), sample.runId(), sample.suite(), sample.benchmark(), sample.agent(),
                sample.repository(), sample.target(), sample.repetition(), sample.startedAt(), sample.finishedAt(),
                RunStatus.INFRASTRUCTURE_FAILED, Optional.of(new RunError(ErrorCode.WORKSPACE, "disk full", "")),
                Optional.empty(), Optional.empty(), Optional.empty(), sample.usage(), sample.costUsd(), sample.environment(),
                Optional.empty());
    }

    // ---- submitting

    @Test
    void aSubmissionIsStoredAndASecondOfTheSameIsANoOp() throws Exception {
        List<RunResult> batch = List.of(SampleResults.completed("run-1", "agent-a", "repo-x", 1),
                SampleResults.testRunning("run-2", "agent-a", "repo-x", 2));
        HttpResponse<String> first = submit(batch);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(body(first).path("stored").asInt()).isEqualTo(2);
        HttpResponse<String> again = submit(batch);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).path("stored").asInt()).isZero();
        assertThat(body(again).path("unchanged").asInt()).isEqualTo(2);
        assertThat(server.store().list(RunQuery.ALL)).containsExactlyElementsOf(batch);
    }

    @Test
    void aDifferentResultUnderAStoredRunIdIsAConflictAndNothingOfItsBatchIsStored() throws Exception {
        assertThat(submit(List.of(SampleResults.completed("run-1", "agent-a", "repo-x", 1))).statusCode()).isEqualTo(200);
        RunResult forged = withGain("run-1", "agent-a", "repo-x", 1, 30);
        HttpResponse<String> conflict = submit(List.of(SampleResults.completed("run-2", "agent-a", "repo-x", 2), forged));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(problems(conflict)).containsExactly("run-1");
        assertThat(server.store().list(RunQuery.ALL)).extracting(RunResult::runId).containsExactly("run-1");
        assertThat(server.store().find("run-1")).contains(SampleResults.completed("run-1", "agent-a", "repo-x", 1));
    }

    @Test
    void submittingNeedsAnActiveToken() throws Exception {
        String batch = json(List.of(SampleResults.completed("run-1", "agent-a", "repo-x", 1)));
        HttpResponse<String> none = post(batch, Optional.empty());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(post(batch, Optional.of("ddk_guessed")).statusCode()).isEqualTo(401);
        assertThat(post(batch, Optional.of(token + "x")).statusCode()).isEqualTo(401);
        assertThat(tokens.revoke("ci")).isTrue();
        assertThat(tokens.revoke("ci")).isFalse();
        assertThat(post(batch, Optional.of(token)).statusCode()).isEqualTo(401);
        assertThat(server.store().list(RunQuery.ALL)).isEmpty();
        String renewed = tokens.create("ci");
        assertThat(renewed).isNotEqualTo(token);
        assertThat(post(batch, Optional.of(renewed)).statusCode()).isEqualTo(200);
    }

    @Test
    void malformedBodiesAreRefusedWithWhatIsWrong() throws Exception {
        HttpResponse<String> notJson = post("[{\"runId\": ", Optional.of(token));
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(body(notJson).path("error").path("message").asText()).startsWith("the body is not JSON");
        assertThat(post("{\"runId\": \"x\"}", Optional.of(token)).statusCode()).isEqualTo(400);
        assertThat(server.store().list(RunQuery.ALL)).isEmpty();
    }

    @Test
    void schemaViolationsAreNamedByJsonPointerAndNothingOfTheBatchIsStored() throws Exception {
        ArrayNode batch = (ArrayNode) RunResultJson.mapper().readTree(json(List.of(
                SampleResults.completed("run-1", "agent-a", "repo-x", 1), SampleResults.completed("run-2", "agent-a", "repo-x", 2))));
        ((ObjectNode) batch.get(1).path("usage")).put("inputTokens", "lots");
        ((ObjectNode) batch.get(1)).put("grade", "A+");
        HttpResponse<String> response = post(batch.toString(), Optional.of(token));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problems(response)).anySatisfy(p -> assertThat(p).startsWith("/1/usage/inputTokens: "))
                .anySatisfy(p -> assertThat(p).startsWith("/1: ").contains("grade"));
        assertThat(server.store().list(RunQuery.ALL)).isEmpty();
    }

    @Test
    void inconsistentResultsAreRefused() throws Exception {
        ArrayNode batch = (ArrayNode) RunResultJson.mapper().readTree(json(List.of(
                SampleResults.completed("run-1", "agent-a", "repo-x", 1), SampleResults.completed("run-2", "agent-a", "repo-x", 2),
                SampleResults.testRunning("run-3", "agent-a", "repo-x", 3))));
        // more covered than there is: the record itself refuses it
        ((ObjectNode) batch.get(0).path("testWriting").path("coverageAfter")).put("linesCovered", 41);
        // a gain the delta's own numbers do not add up to
        ((ObjectNode) batch.get(1).path("testWriting").path("delta")).put("newlyCoveredLines", 30).put("coveredAfter", 40);
        ((ObjectNode) batch.get(1).path("testWriting").path("delta")).put("lostLines", 5);
        // a score above 100, a size class the catalog does not have
        ((ObjectNode) batch.get(2).path("testRunning").path("score")).put("percent", 150);
        ((ObjectNode) batch.get(2).path("repository")).put("size", "huge");
        HttpResponse<String> response = post(batch.toString(), Optional.of(token));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(problems(response))
                .anySatisfy(p -> assertThat(p).startsWith("/0/testWriting/coverageAfter").contains("lines covered 41"))
                .anySatisfy(p -> assertThat(p).startsWith("/1/testWriting/delta/coveredAfter"))
                .anySatisfy(p -> assertThat(p).startsWith("/2/testRunning/score").contains("percent"));
        ((ObjectNode) batch.get(2).path("testRunning").path("score")).put("percent", 50);
        assertThat(problems(post(batch.toString(), Optional.of(token)))).contains("/2/repository/size: must be small, medium or large, not huge");
        assertThat(server.store().list(RunQuery.ALL)).isEmpty();
    }

    @Test
    void anOversizedBodyIsRefusedUnread() throws Exception {
        server.close();
        server = ResultsServer.start(settings(databaseUrl(temp)).withLimits(64 * 1024, 20, 4, Duration.ofSeconds(10)));
        String big = "[" + " ".repeat(100 * 1024) + "]";
        HttpResponse<String> declared = post(big, Optional.of(token));
        assertThat(declared.statusCode()).isEqualTo(413);
        // without a declared length (chunked), the read stops at the limit
        HttpRequest chunked = HttpRequest.newBuilder(server.uri().resolve("/api/v1/results"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))).build();
        HttpResponse<String> unbounded = http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(unbounded.statusCode()).as(unbounded.body()).isEqualTo(413);
    }

    @Test
    void aTokenSubmittingTooOftenIsSlowedDown() throws Exception {
        server.close();
        server = ResultsServer.start(settings(databaseUrl(temp)).withLimits(1 << 20, 1, 4, Duration.ofSeconds(10)));
        String batch = json(List.of(SampleResults.completed("run-1", "agent-a", "repo-x", 1)));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(post(batch, Optional.of(token)).statusCode());
        }
        assertThat(statuses).contains(200).contains(429);
        HttpResponse<String> limited = post(batch, Optional.of(token));
        if (limited.statusCode() == 429) {
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        }
    }

    /** Crashes the database itself and starts it again, where it is a server of its own. */
    protected void crashDatabase() {}

    @Test
    void aServerKilledWithSigkillLosesNoAcknowledgedResult() throws Exception {
        server.close();
        String url = databaseUrl(temp);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ServerProcess.class.getName(), url).redirectErrorStream(true).start();
        List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("PORT ")) {
                // the server's log before it listens
            }
            assertThat(line).as("the server process started").isNotNull();
            Thread drain = new Thread(() -> lines.lines().forEach(ignored -> { }));
            drain.setDaemon(true);
            drain.start();
            ResultsClient client = new ResultsClient(URI.create("http://127.0.0.1:" + line.substring(5)),
                    Optional.of(dev.drydock.api.Secret.of(token)), Duration.ofSeconds(10));
            Thread submitter = new Thread(() -> {
                for (int batch = 0; ; batch++) {
                    List<RunResult> results = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        results.add(SampleResults.completed("k-" + batch + "-" + i, "agent-a", "repo-x", batch));
                    }
                    if (!(client.submit(results) instanceof ResultsClient.Outcome.Accepted)) {
                        return;
                    }
                    results.forEach(r -> acknowledged.add(r.runId()));
                }
            });
            submitter.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            process.destroyForcibly(); // SIGKILL, mid-submission
            process.waitFor();
            submitter.join(30_000);
            assertThat(acknowledged.size()).isGreaterThanOrEqualTo(300);
        } finally {
            process.destroyForcibly();
        }
        crashDatabase();
        try (var store = new dev.drydock.store.sql.SqlResultStore(url, Optional.empty(), Optional.empty(), 1, Duration.ofSeconds(10))) {
            List<String> stored = store.list(RunQuery.ALL).stream().map(RunResult::runId).toList();
            assertThat(stored).containsAll(List.copyOf(acknowledged));
        }
    }

    // ---- reading

    @Test
    void resultsArePagedNewestFirstWithFilters() throws Exception {
        List<RunResult> all = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            all.add(SampleResults.completed("run-" + i, i % 2 == 0 ? "agent-b" : "agent-a", "repo-x", i));
        }
        all.add(SampleResults.testRunning("run-t", "agent-a", "repo-y", 8));
        assertThat(submit(all).statusCode()).isEqualTo(200);
        List<String> seen = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page < 5; page++) {
            JsonNode answer = body(get("/api/v1/results?benchmark=test-writing&limit=3&cursor=" + cursor));
            answer.path("results").forEach(r -> seen.add(r.path("runId").asText()));
            if (answer.path("nextCursor").isNull()) {
                break;
            }
            cursor = answer.path("nextCursor").asText();
        }
        assertThat(seen).containsExactly("run-7", "run-6", "run-5", "run-4", "run-3", "run-2", "run-1");
        JsonNode agentB = body(get("/api/v1/results?agent=agent-b"));
        assertThat(agentB.path("results")).extracting(r -> r.path("runId").asText()).containsExactly("run-6", "run-4", "run-2");
        JsonNode since = body(get("/api/v1/results?since=" + all.get(5).startedAt()));
        assertThat(since.path("results")).extracting(r -> r.path("runId").asText()).containsExactly("run-t", "run-7", "run-6");
        assertThat(body(get("/api/v1/results?repository=repo-y&platform=python")).path("results")).hasSize(1);
        HttpResponse<String> one = get("/api/v1/results/run-t");
        assertThat(RunResultJson.mapper().readValue(one.body(), RunResult.class)).isEqualTo(all.get(7));
        assertThat(get("/api/v1/results/missing").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/results?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/results?since=yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/results?cursor=bm9wZQ").statusCode()).isEqualTo(400);
    }

    @Test
    void theLeaderboardRanksByMeanWithA95PercentIntervalAndLeavesInfrastructureFailuresOut() throws Exception {
        // agent-a gains 10, 20, 30 lines of 40 (25, 50, 75 pp) over two repositories; agent-b 4 and 8 (10, 20 pp)
        List<RunResult> runs = List.of(withGain("a1", "agent-a", "repo-x", 1, 10), withGain("a2", "agent-a", "repo-x", 2, 20),
                withGain("a3", "agent-a", "repo-y", 3, 30), withGain("b1", "agent-b", "repo-x", 4, 4),
                withGain("b2", "agent-b", "repo-x", 5, 8), infrastructureFailure("b3", "agent-b", 6),
                SampleResults.testRunning("t1", "agent-c", "repo-x", 7));
        assertThat(submit(runs).statusCode()).isEqualTo(200);
        JsonNode board = body(get("/api/v1/leaderboard?benchmark=test-writing"));
        JsonNode first = board.path("entries").get(0);
        JsonNode second = board.path("entries").get(1);
        assertThat(board.path("entries")).hasSize(2);
        assertThat(first.path("agent").asText()).isEqualTo("agent-a");
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        assertThat(first.path("runs").asInt()).isEqualTo(3);
        assertThat(first.path("repositories").asInt()).isEqualTo(2);
        assertThat(first.path("mean").asDouble()).isCloseTo(50.0, org.assertj.core.data.Offset.offset(1e-9));
        // s = 25, t(0.975, 2) = 4.302653: half width 4.302653 * 25 / sqrt(3) = 62.1034
        assertThat(first.path("ciLow").asDouble()).isCloseTo(50 - 62.1034, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(first.path("ciHigh").asDouble()).isCloseTo(50 + 62.1034, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(first.path("meanTokens").asDouble()).isEqualTo(1540.0);
        assertThat(first.path("meanCostUsd").asDouble()).isEqualTo(0.012);
        assertThat(first.path("meanSeconds").asDouble()).isEqualTo(42.005);
        assertThat(second.path("agent").asText()).isEqualTo("agent-b");
        assertThat(second.path("runs").asInt()).isEqualTo(2);
        assertThat(second.path("excluded").asInt()).isEqualTo(1);
        assertThat(second.path("mean").asDouble()).isCloseTo(15.0, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode running = body(get("/api/v1/leaderboard?benchmark=test-running"));
        assertThat(running.path("entries").get(0).path("mean").asDouble()).isEqualTo(50.0);
        assertThat(running.path("entries").get(0).path("ciLow").isNull()).isTrue();
        JsonNode onlyY = body(get("/api/v1/leaderboard?benchmark=test-writing&repository=repo-y"));
        assertThat(onlyY.path("entries")).hasSize(1);
        assertThat(onlyY.path("entries").get(0).path("mean").asDouble()).isCloseTo(75.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(get("/api/v1/leaderboard?benchmark=golf").statusCode()).isEqualTo(400);
        JsonNode points = body(get("/api/v1/points?benchmark=test-writing"));
        assertThat(points.path("points")).hasSize(5);
    }

    @Test
    void theSchemaTheOpenApiDocumentAndMetricsAreServed() throws Exception {
        JsonNode schema = body(get("/api/v1/schema/run-result.json"));
        assertThat(schema).isEqualTo(new RunResultSchema().document());
        JsonNode openApi = body(get("/api/v1/openapi.json"));
        assertThat(openApi.path("openapi").asText()).startsWith("3.1");
        assertThat(openApi.path("paths").path("/api/v1/results").has("post")).isTrue();
        submit(List.of(SampleResults.completed("run-1", "agent-a", "repo-x", 1)));
        post("[]", Optional.empty());
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("drydock_submissions_total{outcome=\"stored\"} 1.0")
                .contains("drydock_submissions_total{outcome=\"unauthorized\"} 1.0")
                .contains("drydock_results_stored_total 1.0");
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(get("/app.js").statusCode()).isEqualTo(200);
        assertThat(get("/../pom.xml").statusCode()).isIn(400, 404);
        assertThat(get("/nothing.html").statusCode()).isEqualTo(404);
    }
}
