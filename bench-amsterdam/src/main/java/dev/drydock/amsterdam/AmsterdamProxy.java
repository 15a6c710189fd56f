package dev.drydock.amsterdam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Secret;
import dev.drydock.api.Usage;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.ProviderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Amsterdam process for the suite, in a temporary folder of its own (its SQLite database, its
 * log, no stray {@code .env}). Each run is an Amsterdam project; usage is the run's metrics rows
 * summed by model, read once they have settled.
 */
final class AmsterdamProxy implements LlmProxy {
    private static final Logger log = LoggerFactory.getLogger(AmsterdamProxy.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AmsterdamConfig config;
    private final ProviderContext context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path folder;
    private final Path logFile;
    private final Process process;
    private final int port;
    private final String adminToken;

    AmsterdamProxy(AmsterdamConfig config, Secret upstreamKey, ProviderContext context, Function<String, @Nullable String> env) {
        this.config = config;
        this.context = context;
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        this.adminToken = HexFormat.of().formatHex(random);
        context.registerSecret(adminToken);
        try {
            this.folder = Files.createTempDirectory("drydock-amsterdam-");
            this.port = config.port() != 0 ? config.port() : freePort();
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam: cannot prepare its folder: " + e, e);
        }
        this.logFile = folder.resolve("amsterdam.log");
        ProcessBuilder builder = new ProcessBuilder(config.binary()).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile());
        Map<String, String> processEnv = builder.environment();
        processEnv.clear();
        Optional.ofNullable(env.apply("PATH")).ifPresent(path -> processEnv.put("PATH", path));
        processEnv.put("HOME", folder.toString());
        processEnv.put("PORT", String.valueOf(port));
        processEnv.put("OPENAI_API_KEY", upstreamKey.reveal());
        processEnv.put("OPENAI_ENDPOINT", config.upstreamBaseUrl());
        processEnv.put("DATABASE_URL", "sqlite:" + folder.resolve("amsterdam.db"));
        processEnv.put("ADMIN_TOKEN", adminToken);
        processEnv.put("RUST_LOG", "info");
        try {
            this.process = builder.start();
        } catch (IOException e) {
            deleteFolder();
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam: cannot start '" + config.binary()
                    + "' (" + e.getMessage() + "); install it with: cargo install amsterdam --version "
                    + AmsterdamLlmProxyProvider.TESTED_VERSION + " --locked", e);
        }
        awaitHealthy();
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = logTail();
                deleteFolder();
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam exited with " + process.exitValue()
                        + " while starting; its log ends with:\n" + tail);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(url("/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    log.info("amsterdam is up on port {} (folder {})", port, folder);
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(200);
        }
        String tail = logTail();
        close();
        throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam did not answer /health within "
                + config.startupTimeout() + "; its log ends with:\n" + tail);
    }

    @Override
    public LlmSession openSession(String runId) {
        String body;
        try {
            body = MAPPER.createObjectNode().put("name", runId).put("description", "drydock run " + runId).toString();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(url("/admin/v1/projects"))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() / 100 != 2) {
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam refused to create a project for run "
                        + runId + ": HTTP " + created.statusCode() + " " + created.body());
            }
            String token = MAPPER.readTree(created.body()).path("token").asText("");
            if (token.isEmpty()) {
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam created a project without a token: "
                        + created.body());
            }
            context.registerSecret(token);
            String root = "http://" + config.advertisedHost() + ":" + port;
            // Amsterdam serves OpenAI chat completions and embeddings only; the Anthropic URL leads nowhere
            LlmEndpoints endpoints = new LlmEndpoints(URI.create(root + "/v1/openai/v1"),
                    URI.create(root + "/v1/anthropic"), Secret.of(token));
            return new AmsterdamSession(endpoints, this);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam cannot be reached: " + e
                    + "; its log ends with:\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "interrupted while opening a session", e);
        }
    }

    /** The project's metrics rows summed by model, once two reads {@code metricsSettle} apart agree. */
    Map<String, Usage> usageByModel(String token) {
        Map<String, Usage> previous = metrics(token);
        for (int attempt = 0; attempt < 20; attempt++) {
            sleep(config.metricsSettle().toMillis());
            Map<String, Usage> now = metrics(token);
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    private Map<String, Usage> metrics(String token) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url("/v1/metrics"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam's metrics: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            Map<String, Usage> byModel = new TreeMap<>();
            for (JsonNode row : MAPPER.readTree(response.body())) {
                // Amsterdam stores the model as the JSON text of the request's value, quotes included
                String model = row.path("model_name").asText("unknown");
                if (model.length() >= 2 && model.startsWith("\"") && model.endsWith("\"")) {
                    model = MAPPER.readTree(model).asText();
                }
                byModel.merge(model, new Usage(1, row.path("prompt_token_count").asLong(0),
                        row.path("completion_token_count").asLong(0), 0), Usage::plus);
            }
            return byModel;
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam's metrics cannot be read: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "interrupted while reading metrics", e);
        }
    }

    /** The end of Amsterdam's log, redacted, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            return String.join("\n", tail);
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    int port() {
        return port;
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteFolder();
    }

    private void deleteFolder() {
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder; the system cleans up what is left
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
