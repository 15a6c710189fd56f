package dev.drydock.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads token usage from response bodies and stream events, in every shape the routes produce:
 * OpenAI {@code usage} objects (chat completions, embeddings, and the last chunk of a stream that
 * asked for usage), Responses {@code response.completed}, Anthropic {@code message_start} (input,
 * cache creation, cache read) and the cumulative output count of {@code message_delta}.
 */
final class UsageReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private long input;
    private long output;
    private long cacheRead;
    private long cacheCreation;
    private boolean seen;

    private final Route route;

    UsageReader(Route route) {
        this.route = route;
    }

    TokenCount tokens() {
        return seen ? new TokenCount(input, output, cacheRead, cacheCreation) : TokenCount.NONE;
    }

    /** Whether the response or stream reported any usage. */
    boolean seen() {
        return seen;
    }

    /** A whole (non-streamed) JSON response. */
    void body(byte[] body) {
        JsonNode root = parse(body);
        if (root == null) {
            return;
        }
        if (route.api == Route.Api.ANTHROPIC) {
            anthropic(root.path("usage"), true);
        } else if (route == Route.RESPONSES) {
            responses(root.path("usage"));
        } else {
            openAi(root.path("usage"));
        }
    }

    /**
     * One server-sent event's data. Returns whether it is the usage-only chunk a chat stream sends
     * when {@code stream_options.include_usage} is set (no choices, a usage object).
     */
    boolean event(String data) {
        if (data.isEmpty() || data.equals("[DONE]")) {
            return false;
        }
        if (route.api == Route.Api.ANTHROPIC) {
            if (!data.contains("\"message_start\"") && !data.contains("\"message_delta\"")) {
                return false;
            }
            JsonNode root = parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (root != null && root.path("type").asText().equals("message_start")) {
                anthropic(root.path("message").path("usage"), true);
            } else if (root != null && root.path("type").asText().equals("message_delta")) {
                anthropic(root.path("usage"), false);
            }
            return false;
        }
        if (!data.contains("\"usage\"")) {
            return false;
        }
        JsonNode root = parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (root == null) {
            return false;
        }
        if (route == Route.RESPONSES) {
            String type = root.path("type").asText();
            if (type.equals("response.completed") || type.equals("response.incomplete") || type.equals("response.failed")) {
                responses(root.path("response").path("usage"));
            }
            return false;
        }
        JsonNode usage = root.path("usage");
        openAi(usage);
        return usage.isObject() && root.path("choices").isArray() && root.path("choices").isEmpty();
    }

    private void openAi(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        seen = true;
        input = usage.path("prompt_tokens").asLong(0);
        output = usage.path("completion_tokens").asLong(0);
        cacheRead = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    }

    private void responses(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        seen = true;
        input = usage.path("input_tokens").asLong(0);
        output = usage.path("output_tokens").asLong(0);
        cacheRead = usage.path("input_tokens_details").path("cached_tokens").asLong(0);
    }

    /** {@code start}: the whole usage of a message; else a delta whose counts are cumulative and may omit input. */
    private void anthropic(JsonNode usage, boolean start) {
        if (!usage.isObject()) {
            return;
        }
        seen = true;
        if (start || usage.has("input_tokens")) {
            cacheRead = usage.path("cache_read_input_tokens").asLong(start ? 0 : cacheRead);
            cacheCreation = usage.path("cache_creation_input_tokens").asLong(start ? 0 : cacheCreation);
            input = usage.path("input_tokens").asLong(0) + cacheRead + cacheCreation;
        }
        if (usage.has("output_tokens")) {
            output = usage.path("output_tokens").asLong(0);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }
}
