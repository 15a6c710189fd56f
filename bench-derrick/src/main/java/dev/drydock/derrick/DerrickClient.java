package dev.drydock.derrick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Derrick's HTTP API, and nothing else: every endpoint as a method, every answer as a value. Derrick
 * answers 400 for bad requests and 500 for everything else (an unknown workspace, a failed clone, a
 * command that exited non-zero in local mode), with a generic body; the caller decides what a 500
 * means where, with Derrick's log at hand.
 */
final class DerrickClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** An answer: the status and body, or that there was none (connection closed, refused, timed out). */
    record Answer(int status, byte[] body, Optional<String> noAnswer, boolean timedOut) {
        static Answer none(String why, boolean timedOut) {
            return new Answer(0, new byte[0], Optional.of(why), timedOut);
        }

        boolean ok() {
            return status == 200;
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                return MAPPER.nullNode();
            }
        }

        String text() {
            return noAnswer.orElseGet(() -> "HTTP " + status + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8).strip());
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DerrickClient(URI base) {
        this.base = base;
    }

    boolean healthy() {
        Answer answer = send(HttpRequest.newBuilder(base.resolve("/health")).GET(), Duration.ofSeconds(2));
        return answer.ok() && answer.json().path("healthy").asBoolean(false);
    }

    /** {@code POST /workspaces}: clones and runs the setup script synchronously; the id, or the failed answer. */
    Answer createWorkspace(Map<String, String> env, Duration timeout) {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode vars = body.putObject("env");
        env.forEach(vars::put);
        return post("/workspaces", body, timeout);
    }

    Answer listWorkspaces() {
        return send(HttpRequest.newBuilder(base.resolve("/workspaces")).GET(), Duration.ofSeconds(10));
    }

    /** {@code DELETE /workspaces/{id}}: in local mode Derrick panics here and closes the connection. */
    Answer deleteWorkspace(String id) {
        return send(HttpRequest.newBuilder(base.resolve("/workspaces/" + id)).DELETE(), Duration.ofSeconds(60));
    }

    /** {@code cmd_with_output}; {@code timeoutSeconds} is honoured by docker mode only, {@code wait} is ours. */
    Answer command(String id, String command, Optional<String> workingDir, Map<String, String> env,
            Optional<Long> timeoutSeconds, Duration wait) {
        ObjectNode body = MAPPER.createObjectNode().put("cmd", command);
        workingDir.ifPresent(dir -> body.put("working_dir", dir));
        ObjectNode vars = body.putObject("env");
        env.forEach(vars::put);
        timeoutSeconds.ifPresent(seconds -> body.put("timeout", seconds));
        return post("/workspaces/" + id + "/cmd_with_output", body, wait);
    }

    Answer writeFile(String id, String path, byte[] content) {
        ObjectNode body = MAPPER.createObjectNode().put("path", path)
                .put("content", Base64.getEncoder().encodeToString(content));
        return post("/workspaces/" + id + "/write_file", body, Duration.ofMinutes(2));
    }

    /** {@code read_file}: the raw bytes of the file. */
    Answer readFile(String id, String path) {
        return post("/workspaces/" + id + "/read_file", MAPPER.createObjectNode().put("path", path), Duration.ofMinutes(2));
    }

    private Answer post(String path, ObjectNode body, Duration timeout) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), timeout);
    }

    private Answer send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), Optional.empty(), false);
        } catch (HttpTimeoutException e) {
            return Answer.none("no answer within " + timeout, true);
        } catch (IOException e) {
            return Answer.none("no answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + ")", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.none("interrupted", false);
        }
    }
}
