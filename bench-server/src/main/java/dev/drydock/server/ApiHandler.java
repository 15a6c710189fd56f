package dev.drydock.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.util.concurrent.RateLimiter;
import dev.drydock.api.DrydockException;
import dev.drydock.api.RunResult;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import dev.drydock.store.sql.SqlResultStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The routes of {@code drydock serve}; see the module README for each one's contract. */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper MAPPER = RunResultJson.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_BATCH = 1000;
    private static final int UPLOADS_PER_TOKEN = 4;
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;
    private static final String WEB = "dev/drydock/server/web/";
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json");

    private final SqlResultStore store;
    private final SubmitTokens tokens;
    private final RunResultSchema schema;
    private final ServerSettings settings;
    private final ExecutorService work;
    private final PrometheusMeterRegistry metrics;
    private final Clock clock;
    private final Semaphore uploads;
    /** Uploads in flight per token: one client trickling bodies cannot take every upload slot. */
    private final Map<String, Semaphore> uploadsPerToken = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final byte[] schemaBytes;
    private final byte[] openApiBytes;

    ApiHandler(SqlResultStore store, SubmitTokens tokens, RunResultSchema schema, ServerSettings settings, ExecutorService work,
            PrometheusMeterRegistry metrics, Clock clock) throws IOException {
        this.store = store;
        this.tokens = tokens;
        this.schema = schema;
        this.settings = settings;
        this.work = work;
        this.metrics = metrics;
        this.clock = clock;
        this.uploads = new Semaphore(settings.concurrentUploads());
        this.schemaBytes = MAPPER.writeValueAsBytes(schema.document());
        this.openApiBytes = resource("openapi.json").orElseThrow(() -> new IOException("openapi.json is missing from the jar"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            if (path.equals("/api/v1/results")) {
                if (method.equals("POST")) {
                    submit(request, response, callback);
                } else if (method.equals("GET")) {
                    listResults(request, response, callback);
                } else {
                    error(response, callback, 405, "use GET or POST");
                }
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                error(response, callback, 405, "use GET");
            } else if (path.startsWith("/api/v1/results/")) {
                String runId = path.substring("/api/v1/results/".length());
                Optional<RunResult> result = store.find(runId);
                if (result.isPresent()) {
                    json(response, callback, 200, MAPPER.writeValueAsBytes(result.get()));
                } else {
                    error(response, callback, 404, "no result with run id " + runId);
                }
            } else if (path.equals("/api/v1/leaderboard")) {
                leaderboard(request, response, callback);
            } else if (path.equals("/api/v1/points")) {
                points(request, response, callback);
            } else if (path.equals("/api/v1/schema/run-result.json")) {
                json(response, callback, 200, schemaBytes);
            } else if (path.equals("/api/v1/openapi.json")) {
                json(response, callback, 200, openApiBytes);
            } else if (path.equals("/metrics")) {
                send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8));
            } else {
                staticAsset(path, response, callback);
            }
        } catch (BadRequest e) {
            error(response, callback, 400, e.getMessage());
        } catch (DrydockException e) {
            LOG.warn("{} {}: {}", method, path, e.getMessage());
            error(response, callback, 503, "the results database failed: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {} failed", method, path, e);
            error(response, callback, 500, "internal error");
        }
        return true;
    }

    // ---- POST /api/v1/results

    private void submit(Request request, Response response, Callback callback) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        Optional<String> token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(authorization.substring(7).strip()) : Optional.empty();
        if (token.isEmpty()) {
            count("unauthorized");
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            error(response, callback, 401, authorization == null ? "a bearer token is required (drydock token create NAME)"
                    : "the token is unknown or revoked");
            return;
        }
        RateLimiter limiter = limiters.computeIfAbsent(token.get(), name -> RateLimiter.create(settings.submitsPerSecond()));
        // a burst is queued for up to half a second (Guava's limiter stores no permits up front); beyond that, 429
        if (!limiter.tryAcquire(1, 500, TimeUnit.MILLISECONDS)) {
            count("rate_limited");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            error(response, callback, 429, "more than " + settings.submitsPerSecond() + " submissions a second with token "
                    + token.get());
            return;
        }
        long length = request.getLength();
        if (length > settings.maxBodyBytes()) {
            count("too_large");
            error(response, callback, 413, "the body has " + length + " bytes; the limit is " + settings.maxBodyBytes());
            return;
        }
        Semaphore mine = uploadsPerToken.computeIfAbsent(token.get(), name -> new Semaphore(UPLOADS_PER_TOKEN));
        if (!mine.tryAcquire()) {
            count("busy");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "2");
            error(response, callback, 503, "token " + token.get() + " already has " + UPLOADS_PER_TOKEN + " submissions in flight");
            return;
        }
        if (!uploads.tryAcquire()) {
            mine.release();
            count("busy");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "2");
            error(response, callback, 503, "too many submissions at once; try again shortly");
            return;
        }
        Content.Source.asByteArrayAsync(request, (int) settings.maxBodyBytes())
                .orTimeout(settings.uploadTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((body, failure) -> {
                    uploads.release();
                    mine.release();
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                        if (cause instanceof TimeoutException) {
                            count("timed_out");
                            error(response, callback, 408, "the body did not arrive within " + settings.uploadTimeout().toSeconds() + " s");
                        } else if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).startsWith("Max size")) {
                            // Jetty's words for a body longer than the limit (one sent without a length)
                            count("too_large");
                            error(response, callback, 413, "the body is larger than the limit of " + settings.maxBodyBytes() + " bytes");
                        } else {
                            count("unreadable");
                            error(response, callback, 400, "the body could not be read: " + cause.getMessage());
                        }
                        return;
                    }
                    try {
                        work.execute(() -> store(body, token.get(), response, callback));
                    } catch (RejectedExecutionException e) {
                        count("busy");
                        response.getHeaders().put(HttpHeader.RETRY_AFTER, "2");
                        error(response, callback, 503, "the server is busy; try again shortly");
                    }
                });
    }

    private void store(byte[] body, String token, Response response, Callback callback) {
        try {
            JsonNode root;
            try {
                root = MAPPER.readTree(body);
            } catch (JsonProcessingException e) {
                throw new Rejected(400, "the body is not JSON: " + e.getOriginalMessage(), List.of());
            }
            if (root == null || !root.isArray()) {
                throw new Rejected(400, "the body must be a JSON array of RunResults", List.of());
            }
            if (root.size() > MAX_BATCH) {
                throw new Rejected(413, "at most " + MAX_BATCH + " results per submission, not " + root.size(), List.of());
            }
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < root.size(); i++) {
                for (String problem : schema.problems(root.get(i))) {
                    problems.add("/" + i + (problem.startsWith("/: ") ? problem.substring(1) : problem));
                }
            }
            if (!problems.isEmpty()) {
                throw new Rejected(400, "the results do not match the RunResult schema (/api/v1/schema/run-result.json)", problems);
            }
            List<RunResult> results = new ArrayList<>();
            Instant now = clock.instant();
            for (int i = 0; i < root.size(); i++) {
                try {
                    RunResult result = MAPPER.treeToValue(root.get(i), RunResult.class);
                    problems.addAll(ResultChecks.problems("/" + i, result, now));
                    results.add(result);
                } catch (JsonMappingException e) {
                    problems.add("/" + i + pointer(e) + ": " + rootMessage(e));
                }
            }
            if (!problems.isEmpty()) {
                throw new Rejected(400, "the results are not consistent", problems);
            }
            SqlResultStore.Insertion insertion = store.insertNew(results);
            if (!insertion.conflicts().isEmpty()) {
                throw new Rejected(409, "these run ids already hold different results; nothing of this submission was stored",
                        insertion.conflicts());
            }
            count("stored");
            metrics.counter("drydock_results_stored_total").increment(insertion.inserted());
            ObjectNode answer = MAPPER.createObjectNode().put("stored", insertion.inserted()).put("unchanged", insertion.unchanged());
            LOG.info("token {} stored {} results ({} already there)", token, insertion.inserted(), insertion.unchanged());
            json(response, callback, 200, MAPPER.writeValueAsBytes(answer));
        } catch (Rejected e) {
            count("rejected_" + e.status);
            error(response, callback, e.status, e.getMessage(), e.problems);
        } catch (DrydockException e) {
            count("failed");
            LOG.warn("storing a submission failed: {}", e.getMessage());
            error(response, callback, 503, "the results database failed; nothing was stored: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            count("failed");
            LOG.warn("storing a submission failed", e);
            error(response, callback, 500, "internal error; nothing was stored");
        }
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        return pointer.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e && e instanceof JsonMappingException mapping ? mapping.getOriginalMessage() : root.getMessage();
    }

    private void count(String outcome) {
        Counter.builder("drydock_submissions_total").tag("outcome", outcome).register(metrics).increment();
    }

    /** A submission refused as a whole. */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient List<String> problems;

        Rejected(int status, String message, List<String> problems) {
            super(message, null, false, false);
            this.status = status;
            this.problems = List.copyOf(problems);
        }
    }

    // ---- GET /api/v1/results

    private void listResults(Request request, Response response, Callback callback) throws IOException, BadRequest {
        Fields parameters = Request.extractQueryParameters(request);
        RunQuery query = RunQuery.ALL;
        for (String name : List.of("benchmark", "suite", "agent", "repository", "platform")) {
            String value = parameters.getValue(name);
            if (value != null && !value.isEmpty()) {
                query = switch (name) {
                    case "benchmark" -> query.withBenchmark(value);
                    case "suite" -> query.withSuite(value);
                    case "agent" -> query.withAgent(value);
                    case "repository" -> query.withRepository(value);
                    default -> query.withPlatform(value);
                };
            }
        }
        String since = parameters.getValue("since");
        if (since != null && !since.isEmpty()) {
            query = query.withSince(instant("since", since));
        }
        String cursor = parameters.getValue("cursor");
        if (cursor != null && !cursor.isEmpty()) {
            query = query.withBefore(decodeCursor(cursor));
        }
        int limit = integer(parameters, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        List<RunResult> page = new ArrayList<>(store.list(query.withLimit(limit)));
        Collections.reverse(page); // newest first
        ObjectNode answer = MAPPER.createObjectNode();
        ArrayNode results = answer.putArray("results");
        page.forEach(result -> results.add(MAPPER.<JsonNode>valueToTree(result)));
        answer.put("nextCursor", page.size() == limit ? encodeCursor(RunQuery.Position.of(page.get(page.size() - 1))) : null);
        json(response, callback, 200, MAPPER.writeValueAsBytes(answer));
    }

    static String encodeCursor(RunQuery.Position position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (position.startedAt() + "\n" + position.runId()).getBytes(StandardCharsets.UTF_8));
    }

    static RunQuery.Position decodeCursor(String cursor) throws BadRequest {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 2);
            return new RunQuery.Position(Instant.parse(parts[0]), parts[1]);
        } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw new BadRequest("cursor: not a cursor this server gave out");
        }
    }

    // ---- GET /api/v1/leaderboard and /api/v1/points

    private Leaderboard.Filter filter(Fields parameters) throws BadRequest {
        String benchmark = Optional.ofNullable(parameters.getValue("benchmark")).orElse("test-writing");
        try {
            return new Leaderboard.Filter(benchmark, optional(parameters, "suite"), optional(parameters, "platform"),
                    optional(parameters, "repository"), optional(parameters, "size"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private void leaderboard(Request request, Response response, Callback callback) throws IOException, BadRequest {
        Leaderboard.Filter filter = filter(Request.extractQueryParameters(request));
        ObjectNode answer = MAPPER.createObjectNode().put("benchmark", filter.benchmark()).put("measure", filter.measure());
        ArrayNode entries = answer.putArray("entries");
        for (Leaderboard.Entry entry : Leaderboard.compute(store.dataSource(), filter)) {
            entries.add(entryJson(entry));
        }
        json(response, callback, 200, MAPPER.writeValueAsBytes(answer));
    }

    static ObjectNode entryJson(Leaderboard.Entry entry) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("rank", entry.rank()).put("agent", entry.agent()).put("version", entry.version())
                .put("runs", entry.measure().samples());
        if (entry.measure().samples() > 0) {
            node.put("mean", entry.measure().mean());
        } else {
            node.putNull("mean");
        }
        node.put("ciLow", entry.measure().low().orElse(null)).put("ciHigh", entry.measure().high().orElse(null))
                .put("repositories", entry.repositories()).put("excluded", entry.excluded())
                .put("meanTokens", entry.meanTokens()).put("meanCostUsd", entry.meanCostUsd().orElse(null))
                .put("meanSeconds", entry.meanSeconds()).put("flags", entry.flags());
        return node;
    }

    private void points(Request request, Response response, Callback callback) throws IOException, BadRequest {
        Fields parameters = Request.extractQueryParameters(request);
        Leaderboard.Filter filter = filter(parameters);
        int limit = integer(parameters, "limit", 2000, 1, 10_000);
        ObjectNode answer = MAPPER.createObjectNode().put("benchmark", filter.benchmark()).put("measure", filter.measure());
        ArrayNode points = answer.putArray("points");
        for (Points.Point point : Points.newest(store.dataSource(), filter, limit)) {
            points.add(MAPPER.<JsonNode>valueToTree(point));
        }
        json(response, callback, 200, MAPPER.writeValueAsBytes(answer));
    }

    // ---- the page

    private void staticAsset(String path, Response response, Callback callback) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        Optional<byte[]> bytes = name.matches("[a-z0-9-]+\\.(html|js|css)") ? resource(name) : Optional.empty();
        if (bytes.isEmpty()) {
            error(response, callback, 404, "nothing at " + path);
            return;
        }
        String type = CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        send(response, callback, 200, type, bytes.get());
    }

    /** A file of the page ({@code index.html}, {@code app.js}, …) or {@code openapi.json}, as the jar holds it. */
    static Optional<byte[]> resource(String name) throws IOException {
        try (InputStream in = ApiHandler.class.getClassLoader().getResourceAsStream(WEB + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    // ---- helpers

    /** A query parameter that cannot be used. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private static Optional<String> optional(Fields parameters, String name) {
        return Optional.ofNullable(parameters.getValue(name)).filter(value -> !value.isEmpty());
    }

    private static Instant instant(String name, String value) throws BadRequest {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + ": not an ISO-8601 instant such as 2026-01-31T12:00:00Z: " + value);
        }
    }

    private static int integer(Fields parameters, String name, int fallback, int min, int max) throws BadRequest {
        String value = parameters.getValue(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest(name + ": must be a whole number from " + min + " to " + max + ", not " + value);
    }

    private static void error(Response response, Callback callback, int status, String message) {
        error(response, callback, status, message, List.of());
    }

    private static void error(Response response, Callback callback, int status, String message, List<String> problems) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode error = root.putObject("error").put("status", status).put("message", message);
        if (!problems.isEmpty()) {
            ArrayNode list = error.putArray("problems");
            problems.stream().limit(200).forEach(list::add);
        }
        try {
            json(response, callback, status, MAPPER.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
    }

    private static void json(Response response, Callback callback, int status, byte[] body) {
        send(response, callback, status, "application/json", body);
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
