package dev.drydock.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.api.Usage;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmSession;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every LLM proxy provider must do, against {@link FakeLlmUpstream}: meter exactly what the
 * upstream reported, streamed or not, per run and per model; refuse keys it did not hand out. A
 * provider that cannot do something names it in {@link #deviations()}, and the kit then checks the
 * documented behaviour instead, so that no gap passes silently.
 */
public abstract class LlmProxyContract {
    /** What a provider may document as not doing. */
    public enum Deviation {
        /** Only OpenAI chat completions and embeddings are served; Anthropic routes are not found. */
        NO_ANTHROPIC,
        /** The OpenAI Responses API is not served. */
        NO_RESPONSES,
        /** A session's key keeps working after the session closes. */
        KEYS_OUTLIVE_SESSIONS,
        /** An unknown key is refused, but not with 401. */
        UNKNOWN_KEY_NOT_401,
        /** Cached input tokens are not metered (counted as uncached input). */
        NO_CACHED_TOKENS
    }

    protected static final String UPSTREAM_KEY = "sk-fake-upstream-9f3c2a71";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    protected FakeLlmUpstream upstream;
    protected LlmProxy proxy;
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A running proxy whose OpenAI upstream (and Anthropic upstream, if it has one) is the fake. */
    protected abstract LlmProxy openProxy(String upstreamBaseUrl, String upstreamKey);

    protected Set<Deviation> deviations() {
        return EnumSet.noneOf(Deviation.class);
    }

    @BeforeEach
    void startProxy() {
        upstream = FakeLlmUpstream.start(UPSTREAM_KEY);
        proxy = openProxy(upstream.baseUrl(), UPSTREAM_KEY);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
        upstream.close();
    }

    protected HttpResponse<String> post(URI url, String key, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key)
                        .header("x-api-key", key)
                        .header("anthropic-version", "2023-06-01")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected static URI openAi(LlmEndpoints endpoints, String path) {
        return URI.create(endpoints.openAiBaseUrl() + path);
    }

    private static String chat(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void chatCompletionsAreMeteredExactly() throws Exception {
        upstream.script(FakeLlmUpstream.Reply.text("hello there", 120, 30).withCache(40, 0),
                FakeLlmUpstream.Reply.text("again", 7, 3));
        try (LlmSession session = proxy.openSession("run-chat")) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            HttpResponse<String> first = post(openAi(endpoints, "/chat/completions"), endpoints.apiKey().reveal(), chat("m-1", false));
            HttpResponse<String> second = post(openAi(endpoints, "/chat/completions"), endpoints.apiKey().reveal(), chat("m-1", false));

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(MAPPER.readTree(first.body()).at("/choices/0/message/content").asText()).isEqualTo("hello there");
            assertThat(second.statusCode()).isEqualTo(200);
            long cached = deviations().contains(Deviation.NO_CACHED_TOKENS) ? 0 : 40;
            assertThat(session.usage()).isEqualTo(new Usage(2, 127, 33, cached));
        }
        assertThat(upstream.requests()).allSatisfy(r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + UPSTREAM_KEY));
    }

    @Test
    void streamedChatIsMeteredExactlyAndArrivesWhole() throws Exception {
        upstream.script(FakeLlmUpstream.Reply.text("streamed answer", 55, 21).withChunks(5, Duration.ZERO));
        try (LlmSession session = proxy.openSession("run-stream")) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            HttpResponse<String> response = post(openAi(endpoints, "/chat/completions"), endpoints.apiKey().reveal(),
                    chat("m-stream", true));

            assertThat(response.statusCode()).isEqualTo(200);
            StringBuilder text = new StringBuilder();
            for (String line : response.body().split("\n")) {
                if (line.startsWith("data: {")) {
                    JsonNode chunk = MAPPER.readTree(line.substring(6));
                    chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText("")));
                }
            }
            assertThat(text.toString()).isEqualTo("streamed answer");
            assertThat(response.body().lines()).contains("data: [DONE]");
            assertThat(session.usage()).isEqualTo(new Usage(1, 55, 21, 0));
            assertThat(session.usageByModel()).containsOnlyKeys("m-stream");
        }
    }

    @Test
    void sessionsAreMeteredApartAndByModel() throws Exception {
        upstream.script(FakeLlmUpstream.Reply.text("a", 10, 1), FakeLlmUpstream.Reply.text("b", 20, 2),
                FakeLlmUpstream.Reply.text("c", 40, 4));
        try (LlmSession one = proxy.openSession("run-one"); LlmSession two = proxy.openSession("run-two")) {
            LlmEndpoints first = one.endpoints().orElseThrow();
            LlmEndpoints second = two.endpoints().orElseThrow();
            assertThat(first.apiKey().reveal()).isNotEqualTo(second.apiKey().reveal()).isNotEqualTo(UPSTREAM_KEY);
            post(openAi(first, "/chat/completions"), first.apiKey().reveal(), chat("small", false));
            post(openAi(first, "/chat/completions"), first.apiKey().reveal(), chat("large", false));
            post(openAi(second, "/chat/completions"), second.apiKey().reveal(), chat("small", false));

            assertThat(one.usage()).isEqualTo(new Usage(2, 30, 3, 0));
            assertThat(one.usageByModel()).containsOnlyKeys("small", "large");
            assertThat(one.usageByModel().get("large")).isEqualTo(new Usage(1, 20, 2, 0));
            assertThat(two.usage()).isEqualTo(new Usage(1, 40, 4, 0));
        }
    }

    @Test
    void keysItDidNotHandOutAreRefused() throws Exception {
        try (LlmSession session = proxy.openSession("run-keys")) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            HttpResponse<String> forged = post(openAi(endpoints, "/chat/completions"), "ddk-forged", chat("m", false));
            HttpResponse<String> upstreamKey = post(openAi(endpoints, "/chat/completions"), UPSTREAM_KEY, chat("m", false));

            int expected = deviations().contains(Deviation.UNKNOWN_KEY_NOT_401) ? 500 : 401;
            assertThat(forged.statusCode()).as(forged.body()).isEqualTo(expected);
            assertThat(upstreamKey.statusCode()).as("the upstream's own key is no key here").isEqualTo(expected);
            assertThat(session.usage().requests()).isZero();
        }
        assertThat(upstream.requests()).isEmpty();
    }

    @Test
    void aClosedSessionsKeyStopsWorking() throws Exception {
        LlmEndpoints endpoints;
        try (LlmSession session = proxy.openSession("run-closed")) {
            endpoints = session.endpoints().orElseThrow();
        }
        HttpResponse<String> late = post(openAi(endpoints, "/chat/completions"), endpoints.apiKey().reveal(), chat("m", false));
        if (deviations().contains(Deviation.KEYS_OUTLIVE_SESSIONS)) {
            assertThat(late.statusCode()).as("documented: keys outlive their sessions").isEqualTo(200);
        } else {
            assertThat(late.statusCode()).isEqualTo(401);
            assertThat(late.body()).contains("revoked");
        }
    }

    @Test
    void anthropicMessagesAreMeteredWithTheirCacheKinds() throws Exception {
        upstream.script(FakeLlmUpstream.Reply.text("plain", 300, 12).withCache(100, 50),
                FakeLlmUpstream.Reply.text("streamed", 80, 9).withCache(30, 0));
        try (LlmSession session = proxy.openSession("run-anthropic")) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            URI messages = URI.create(endpoints.anthropicBaseUrl() + "/v1/messages");
            String body = "{\"model\":\"claude-x\",\"max_tokens\":64,\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            HttpResponse<String> plain = post(messages, endpoints.apiKey().reveal(), body.formatted(false));
            HttpResponse<String> streamed = post(messages, endpoints.apiKey().reveal(), body.formatted(true));

            if (deviations().contains(Deviation.NO_ANTHROPIC)) {
                assertThat(plain.statusCode()).as("documented: no Anthropic routes").isEqualTo(404);
                assertThat(session.usage().requests()).isZero();
                return;
            }
            assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
            assertThat(streamed.body()).contains("event: message_stop");
            assertThat(session.usage()).isEqualTo(new Usage(2, 380, 21, 130));
            assertThat(session.usage()).isEqualTo(upstream.served());
        }
    }

    @Test
    void responsesAreMeteredStreamedOrNot() throws Exception {
        upstream.script(FakeLlmUpstream.Reply.text("one", 64, 8).withCache(32, 0), FakeLlmUpstream.Reply.text("two", 16, 4));
        try (LlmSession session = proxy.openSession("run-responses")) {
            LlmEndpoints endpoints = session.endpoints().orElseThrow();
            String body = "{\"model\":\"codex-x\",\"stream\":%s,\"input\":\"hi\"}";
            HttpResponse<String> plain = post(openAi(endpoints, "/responses"), endpoints.apiKey().reveal(), body.formatted(false));
            HttpResponse<String> streamed = post(openAi(endpoints, "/responses"), endpoints.apiKey().reveal(), body.formatted(true));

            if (deviations().contains(Deviation.NO_RESPONSES)) {
                assertThat(plain.statusCode()).as("documented: no Responses API").isEqualTo(404);
                assertThat(session.usage().requests()).isZero();
                return;
            }
            assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
            assertThat(streamed.body()).contains("event: response.completed");
            assertThat(session.usage()).isEqualTo(new Usage(2, 80, 12, 32));
        }
    }
}
