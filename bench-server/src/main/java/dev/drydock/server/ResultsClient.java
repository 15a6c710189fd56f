package dev.drydock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import dev.drydock.api.Secret;
import dev.drydock.spi.RunQuery;
import dev.drydock.store.json.RunResultJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A client of a results server: submits batches and reads results back, with the server's answers as values. */
public final class ResultsClient {
    /** The batch size {@code drydock submit} and the {@code server} store use. */
    public static final int BATCH = 50;

    private final URI base;
    private final Optional<Secret> token;
    private final Duration timeout;
    private final HttpClient http;

    public ResultsClient(URI base, Optional<Secret> token, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What the server said to a submission. */
    public sealed interface Outcome {
        /** Stored: {@code stored} new, {@code unchanged} already there. */
        record Accepted(int stored, int unchanged) implements Outcome {}

        /** Refused for good (400, 401, 409, 413): sending it again cannot help. */
        record Refused(int status, String message, List<String> problems) implements Outcome {}

        /** Not now (unreachable, 408, 429, 5xx): worth trying again later. */
        record Unavailable(String reason, Duration retryAfter) implements Outcome {}
    }

    /** One attempt to submit {@code results}. */
    public Outcome submit(List<RunResult> results) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/v1/results")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RunResultJson.toJsonArray(results)));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value.reveal()));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return new Outcome.Unavailable("cannot connect to " + base, Duration.ZERO);
        } catch (HttpTimeoutException e) {
            return new Outcome.Unavailable(base + " did not answer within " + timeout.toSeconds() + " s", Duration.ZERO);
        } catch (IOException e) {
            return new Outcome.Unavailable(base + ": " + e.getMessage(), Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unavailable("interrupted", Duration.ZERO);
        }
        int status = response.statusCode();
        JsonNode body = json(response.body());
        if (status == 200) {
            return new Outcome.Accepted(body.path("stored").asInt(), body.path("unchanged").asInt());
        }
        String message = body.path("error").path("message").asText(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(ResultsClient::seconds).orElse(Duration.ZERO);
            return new Outcome.Unavailable("HTTP " + status + ": " + message, retryAfter);
        }
        List<String> problems = new ArrayList<>();
        body.path("error").path("problems").forEach(problem -> problems.add(problem.asText()));
        return new Outcome.Refused(status, message, problems);
    }

    /**
     * Submits, trying again after 0.5, 1, 2, 4 … s (or the server's Retry-After) while the server is
     * unavailable, until {@code patience} is spent; then the last {@link Outcome.Unavailable}.
     */
    public Outcome submitPatiently(List<RunResult> results, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        Duration pause = Duration.ofMillis(500);
        while (true) {
            Outcome outcome = submit(results);
            if (!(outcome instanceof Outcome.Unavailable unavailable)) {
                return outcome;
            }
            Duration wait = unavailable.retryAfter().compareTo(pause) > 0 ? unavailable.retryAfter() : pause;
            if (System.nanoTime() + wait.toNanos() > deadline) {
                return outcome;
            }
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : pause.multipliedBy(2);
        }
    }

    /** The results matching {@code query}, oldest first, read page by page. */
    public List<RunResult> list(RunQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        query.suite().ifPresent(v -> parameters.put("suite", v));
        query.benchmark().ifPresent(v -> parameters.put("benchmark", v));
        query.agent().ifPresent(v -> parameters.put("agent", v));
        query.repository().ifPresent(v -> parameters.put("repository", v));
        query.platform().ifPresent(v -> parameters.put("platform", v));
        query.since().ifPresent(v -> parameters.put("since", v.toString()));
        query.before().ifPresent(v -> parameters.put("cursor", ApiHandler.encodeCursor(v)));
        List<RunResult> newestFirst = new ArrayList<>();
        while (true) {
            int wanted = query.limit() == 0 ? 500 : Math.min(500, query.limit() - newestFirst.size());
            parameters.put("limit", Integer.toString(wanted));
            JsonNode page = get("api/v1/results?" + form(parameters)).orElseThrow();
            for (JsonNode node : page.path("results")) {
                newestFirst.add(read(node));
            }
            String cursor = page.path("nextCursor").asText(null);
            if (cursor == null || (query.limit() > 0 && newestFirst.size() >= query.limit())) {
                break;
            }
            parameters.put("cursor", cursor);
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public Optional<RunResult> find(String runId) {
        return get("api/v1/results/" + URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20")).map(ResultsClient::read);
    }

    private Optional<JsonNode> get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new DrydockException(ErrorCode.STORE, "the results server " + base + " answered " + response.statusCode() + ": "
                        + json(response.body()).path("error").path("message").asText(response.body()));
            }
            return Optional.of(json(response.body()));
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "cannot read from the results server " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.STORE, "interrupted while reading from " + base, e);
        }
    }

    private static RunResult read(JsonNode node) {
        try {
            return RunResultJson.mapper().treeToValue(node, RunResult.class);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.STORE, "the results server sent a result drydock cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return RunResultJson.mapper().readTree(body);
        } catch (IOException e) {
            return RunResultJson.mapper().createObjectNode();
        }
    }

    private static String form(Map<String, String> parameters) {
        List<String> pairs = new ArrayList<>();
        parameters.forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return String.join("&", pairs);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
