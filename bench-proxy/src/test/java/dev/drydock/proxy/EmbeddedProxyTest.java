package dev.drydock.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.api.Usage;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmSession;
import dev.drydock.testkit.FakeLlmUpstream;
import dev.drydock.testkit.FakeLlmUpstream.Reply;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the embedded proxy does beyond the contract: routes, stream rewriting, budgets, failures, the ledger. */
class EmbeddedProxyTest {
    private static final String KEY = "sk-upstream-0b5e77d1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeLlmUpstream upstream;
    private LlmProxy proxy;

    @BeforeEach
    void start() {
        upstream = FakeLlmUpstream.start(KEY);
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        upstream.close();
    }

    private LlmSession session(String extraYaml, Optional<Double> pricePerToken) {
        proxy = Proxies.open(Proxies.upstreams(upstream.baseUrl(), KEY) + extraYaml, temp, Map.of(), pricePerToken);
        return proxy.openSession("run-1");
    }

    private HttpResponse<String> send(URI url, String key, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        if (key != null) {
            request.header("x-api-key", key);
        }
        headers.forEach(request::header);
        return http.send(body == null ? request.GET().build() : request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String chat(boolean stream, String options) {
        return "{\"model\":\"gpt-x\",\"stream\":" + stream + options + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static List<JsonNode> dataEvents(String stream) throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : stream.split("\n")) {
            if (line.startsWith("data: {")) {
                events.add(MAPPER.readTree(line.substring(6)));
            }
        }
        return events;
    }

    @Test
    void aChatStreamThatDidNotAskForUsageIsMeteredAndStillLooksAsItAsked() throws Exception {
        upstream.script(Reply.text("abc", 30, 5), Reply.text("def", 40, 6));
        try (LlmSession session = session("", Optional.empty())) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String key = endpoints.apiKey().reveal();
            HttpResponse<String> plain = send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), key, chat(true, ""), Map.of());
            HttpResponse<String> asked = send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), key,
                    chat(true, ",\"stream_options\":{\"include_usage\":true}"), Map.of());

            assertThat(upstream.requests().get(0).json().at("/stream_options/include_usage").asBoolean()).isTrue();
            assertThat(dataEvents(plain.body())).as("no usage-only chunk the client did not ask for")
                    .allSatisfy(event -> assertThat(event.path("choices")).isNotEmpty());
            assertThat(dataEvents(asked.body())).last().satisfies(event -> {
                assertThat(event.path("choices")).isEmpty();
                assertThat(event.at("/usage/prompt_tokens").asLong()).isEqualTo(40);
            });
            assertThat(session.usage()).isEqualTo(new Usage(2, 70, 11, 0));
        }
    }

    @Test
    void routesAnswerWithAndWithoutV1AndPassQueriesAndBetaHeadersThrough() throws Exception {
        upstream.script(Reply.text("x", 5, 1), Reply.text("y", 6, 1), Reply.text("", 9, 0));
        try (LlmSession session = session("", Optional.empty())) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String key = endpoints.apiKey().reveal();
            String root = endpoints.anthropicBaseUrl().toString();
            assertThat(send(URI.create(root + "/chat/completions"), key, chat(false, ""), Map.of()).statusCode()).isEqualTo(200);
            HttpResponse<String> message = send(URI.create(root + "/v1/messages?beta=true"), key,
                    "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[]}",
                    Map.of("anthropic-version", "2023-06-01", "anthropic-beta", "tools-2024-04-04"));
            HttpResponse<String> embeddings = send(URI.create(root + "/v1/embeddings"), key, "{\"model\":\"emb\",\"input\":\"a\"}", Map.of());
            HttpResponse<String> models = send(URI.create(root + "/v1/models"), key, null, Map.of());
            HttpResponse<String> count = send(URI.create(root + "/v1/messages/count_tokens"), key,
                    "{\"model\":\"claude-x\",\"messages\":[]}", Map.of("anthropic-version", "2023-06-01"));
            HttpResponse<String> nowhere = send(URI.create(root + "/v1/images/generations"), key, "{}", Map.of());

            assertThat(message.statusCode()).as(message.body()).isEqualTo(200);
            FakeLlmUpstream.Recorded forwarded = upstream.requests().get(1);
            assertThat(forwarded.path()).isEqualTo("/v1/messages?beta=true");
            assertThat(forwarded.headers()).containsEntry("anthropic-beta", "tools-2024-04-04")
                    .containsEntry("anthropic-version", "2023-06-01").containsEntry("x-api-key", KEY)
                    .doesNotContainKey("authorization");
            assertThat(embeddings.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("fake-model");
            assertThat(count.body()).contains("input_tokens");
            assertThat(nowhere.statusCode()).isEqualTo(404);
            assertThat(nowhere.body()).contains("drydock proxy: nothing at POST /v1/images/generations");
            assertThat(session.usageByModel()).containsOnlyKeys("gpt-x", "claude-x", "emb", "unknown");
            assertThat(session.usageByModel().get("emb")).isEqualTo(new Usage(1, 9, 0, 0));
            assertThat(session.usage().requests()).isEqualTo(5);
        }
    }

    @Test
    void streamsAreForwardedAsTheyComeNotWhenTheyEnd() throws Exception {
        upstream.script(Reply.text("one two three four", 10, 4).withChunks(4, Duration.ofMillis(400)));
        try (LlmSession session = session("", Optional.empty())) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"))
                    .header("Authorization", "Bearer " + endpoints.apiKey().reveal())
                    .POST(HttpRequest.BodyPublishers.ofString(chat(true, ""))).build();
            long started = System.nanoTime();
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long firstEvent = -1;
            long lastEvent = -1;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data:")) {
                        lastEvent = System.nanoTime() - started;
                        firstEvent = firstEvent < 0 ? lastEvent : firstEvent;
                    }
                }
            }
            // the upstream spreads its four pieces over 1.2 s; a buffering proxy would deliver all at the end
            assertThat(Duration.ofNanos(lastEvent - firstEvent)).isGreaterThan(Duration.ofMillis(800));
            assertThat(session.usage()).isEqualTo(new Usage(1, 10, 4, 0));
        }
    }

    @Test
    void aSpentTokenBudgetGets429InEachApisShape() throws Exception {
        upstream.script(Reply.text("big", 900, 150));
        try (LlmSession session = session("budget-tokens: 1000\n", Optional.empty())) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String key = endpoints.apiKey().reveal();
            assertThat(send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), key, chat(false, ""), Map.of())
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> openAi = send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), key, chat(false, ""), Map.of());
            HttpResponse<String> anthropic = send(URI.create(endpoints.anthropicBaseUrl() + "/v1/messages"), key,
                    "{\"model\":\"claude-x\",\"messages\":[]}", Map.of());

            assertThat(openAi.statusCode()).isEqualTo(429);
            assertThat(MAPPER.readTree(openAi.body()).at("/error/message").asText())
                    .isEqualTo("drydock proxy: run run-1 has used 1050 tokens of its budget of 1000");
            assertThat(anthropic.statusCode()).isEqualTo(429);
            assertThat(MAPPER.readTree(anthropic.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
            assertThat(session.usage()).isEqualTo(new Usage(1, 900, 150, 0, 0, 2));
            assertThat(upstream.requests()).hasSize(1);
        }
    }

    @Test
    void aDollarBudgetUsesThePriceTable() throws Exception {
        upstream.script(Reply.text("a", 600, 400), Reply.text("b", 1, 1));
        try (LlmSession session = session("budget-usd: 0.5\n", Optional.of(0.001))) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String key = endpoints.apiKey().reveal();
            send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), key, chat(false, ""), Map.of());
            HttpResponse<String> over = send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), key, chat(false, ""), Map.of());

            assertThat(over.statusCode()).isEqualTo(429);
            assertThat(over.body()).contains("has spent $1.0").contains("of its budget of $0.5");
        }
    }

    @Test
    void upstreamFailuresReachTheClientAsErrorsAndAreCounted() throws Exception {
        upstream.script(Reply.text("no", 1, 1).withStatus(500), Reply.text("late", 1, 1).withDelay(Duration.ofSeconds(3)),
                Reply.text("broken stream", 12, 7).withChunks(4, Duration.ZERO).droppingAfter(3),
                Reply.text("broken anthropic stream", 50, 9).droppingAfter(4));
        try (LlmSession session = session("upstream-timeout: 1s\n", Optional.empty())) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String key = endpoints.apiKey().reveal();
            URI chat = URI.create(endpoints.openAiBaseUrl() + "/chat/completions");
            HttpResponse<String> error = send(chat, key, chat(false, ""), Map.of());
            HttpResponse<String> timeout = send(chat, key, chat(false, ""), Map.of());
            HttpResponse<String> dropped = send(chat, key, chat(true, ""), Map.of());
            HttpResponse<String> droppedMessages = send(URI.create(endpoints.anthropicBaseUrl() + "/v1/messages"), key,
                    "{\"model\":\"claude-x\",\"stream\":true,\"messages\":[]}", Map.of());

            assertThat(error.statusCode()).isEqualTo(500);
            assertThat(error.body()).contains("fake upstream: scripted 500");
            assertThat(timeout.statusCode()).isEqualTo(504);
            assertThat(MAPPER.readTree(timeout.body()).at("/error/message").asText())
                    .startsWith("drydock proxy: the openai upstream did not answer in time");
            assertThat(dropped.statusCode()).isEqualTo(200);
            assertThat(dataEvents(dropped.body())).last().satisfies(event ->
                    assertThat(event.at("/error/message").asText()).startsWith("drydock proxy: the upstream stream broke off"));
            assertThat(droppedMessages.body()).contains("event: error").contains("\"type\":\"api_error\"");
            Usage usage = session.usage();
            assertThat(usage.requests()).isEqualTo(4);
            assertThat(usage.failedRequests()).isEqualTo(4);
            // what the broken Anthropic stream had reported before it broke is metered
            assertThat(session.usageByModel().get("claude-x").inputTokens()).isEqualTo(50);
        }
    }

    @Test
    void withoutAnUpstreamKeyCallsGetAClearError() throws Exception {
        proxy = Proxies.open("openai: {base-url: '" + upstream.baseUrl() + "', api-key-env: DRYDOCK_TEST_NO_SUCH_KEY}\n",
                temp, Map.of(), Optional.empty());
        try (LlmSession session = proxy.openSession("run-2")) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            HttpResponse<String> response = send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"),
                    endpoints.apiKey().reveal(), chat(false, ""), Map.of());
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).contains("no key for the openai upstream; set DRYDOCK_TEST_NO_SUCH_KEY in drydock's environment");
        }
    }

    @Test
    void theKeyComesFromTheEnvironmentAndEveryCallIsInTheLedger() throws Exception {
        upstream.script(Reply.text("a", 11, 2).withCache(4, 0), Reply.text("b", 20, 3).withCache(5, 6));
        proxy = Proxies.open("openai: {base-url: '" + upstream.baseUrl() + "'}\nanthropic: {base-url: '" + upstream.baseUrl()
                + "'}\nledger: calls.jsonl\n", temp, Map.of("OPENAI_API_KEY", KEY, "ANTHROPIC_API_KEY", KEY), Optional.empty());
        try (LlmSession session = proxy.openSession("run-3")) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String key = endpoints.apiKey().reveal();
            send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), key, chat(false, ""), Map.of());
            send(URI.create(endpoints.anthropicBaseUrl() + "/v1/messages"), key, "{\"model\":\"claude-x\",\"messages\":[]}", Map.of());
            assertThat(session.usage()).isEqualTo(new Usage(2, 31, 5, 9));
        }
        proxy.close();
        proxy = null;
        List<String> rows = Files.readAllLines(temp.resolve("calls.jsonl"));
        assertThat(rows).hasSize(2);
        JsonNode anthropic = MAPPER.readTree(rows.get(1));
        assertThat(anthropic.get("runId").asText()).isEqualTo("run-3");
        assertThat(anthropic.get("route").asText()).isEqualTo("messages");
        assertThat(anthropic.get("model").asText()).isEqualTo("claude-x");
        assertThat(anthropic.get("status").asInt()).isEqualTo(200);
        assertThat(anthropic.get("outcome").asText()).isEqualTo("ok");
        assertThat(anthropic.get("inputTokens").asLong()).isEqualTo(20);
        assertThat(anthropic.get("cacheReadTokens").asLong()).isEqualTo(5);
        assertThat(anthropic.get("cacheCreationTokens").asLong()).isEqualTo(6);
        assertThat(anthropic.get("latencyMillis").asLong()).isNotNegative();
        assertThat(String.join("\n", rows)).doesNotContain(KEY);
    }

    @Test
    void aBodyOverTheLimitGets413AndNeverReachesTheUpstream() throws Exception {
        try (LlmSession session = session("max-request-bytes: 2048\n", Optional.empty())) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String big = chat(false, ",\"padding\":\"" + "x".repeat(4000) + "\"");
            HttpResponse<String> refused = send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"),
                    endpoints.apiKey().reveal(), big, Map.of());

            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).contains("max-request-bytes");
            assertThat(upstream.requests()).isEmpty();
        }
    }

    @Test
    void aRunsCallsInFlightAreCappedAndTheRestGet429() throws Exception {
        upstream.script(Reply.text("slow", 1, 1).withDelay(Duration.ofSeconds(2)), Reply.text("late", 1, 1));
        try (LlmSession session = session("max-concurrent-requests: 1\n", Optional.empty())) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            URI url = URI.create(endpoints.openAiBaseUrl() + "/chat/completions");
            String key = endpoints.apiKey().reveal();
            java.util.concurrent.CompletableFuture<HttpResponse<String>> first = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return send(url, key, chat(false, ""), Map.of());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(500);
            HttpResponse<String> second = send(url, key, chat(false, ""), Map.of());

            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.body()).contains("max-concurrent-requests");
            assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(send(url, key, chat(false, ""), Map.of()).statusCode()).as("the cap frees up").isEqualTo(200);
        }
    }

    @Test
    void aClientThatSendsItsRequestSlowlyIsCutOffAtTheReadTimeout() throws Exception {
        try (LlmSession session = session("request-read-timeout: 1s\n", Optional.empty());
                java.net.Socket slow = new java.net.Socket("127.0.0.1", session.endpoints().orElseThrow().openAiBaseUrl().getPort())) {
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            int read = slow.getInputStream().read(); // the proxy closes the connection (or answers 408) after 1 s
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            assertThat(read == -1 || read == 'H').isTrue();
        }
    }

    @Test
    void aKeptAliveConnectionGetsTheReadTimeoutAgainAfterACall() throws Exception {
        upstream.script(Reply.text("first", 1, 1));
        try (LlmSession session = session("request-read-timeout: 1s\n", Optional.empty());
                java.net.Socket client = new java.net.Socket("127.0.0.1", session.endpoints().orElseThrow().openAiBaseUrl().getPort())) {
            client.setSoTimeout(10_000);
            String body = chat(false, "");
            client.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + session.endpoints().orElseThrow().apiKey().reveal() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = client.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200");
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
            assertThat(length.find()).as(head).isTrue();
            assertThat(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8)).contains("first");

            // a second request on the same connection that never finishes its headers
            client.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            int read = in.read();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
            assertThat(read == -1 || read == 'H').isTrue();
        }
    }

    private static String readHead(java.io.InputStream in) throws java.io.IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return head.toString();
    }

    @Test
    void closingARunRevokesItsKeyAndClosesItsOpenConnections() throws Exception {
        LlmSession session = session("", Optional.empty());
        LlmEndpoints endpoints = session.endpoints().orElseThrow();
        try (java.net.Socket held = new java.net.Socket("127.0.0.1", endpoints.openAiBaseUrl().getPort())) {
            held.setSoTimeout(10_000);
            // headers in, the body still coming: the call is in flight on this connection
            held.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + endpoints.apiKey().reveal() + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            held.getOutputStream().flush();
            Thread.sleep(500);
            long started = System.nanoTime();
            session.close();
            byte[] rest = held.getInputStream().readAllBytes(); // ends when the proxy closes the connection
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(new String(rest, StandardCharsets.US_ASCII)).doesNotContain("200 OK");
        }
        assertThat(send(URI.create(endpoints.openAiBaseUrl() + "/chat/completions"), endpoints.apiKey().reveal(),
                chat(false, ""), Map.of()).statusCode()).isEqualTo(401);
        assertThat(upstream.requests()).isEmpty();
    }
}
