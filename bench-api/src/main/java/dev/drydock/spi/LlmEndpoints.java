package dev.drydock.spi;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.Secret;
import java.net.URI;

/**
 * The addresses an agent talks to, as seen from inside the workspace.
 *
 * @param openAiBaseUrl OpenAI-style base URL, ending in {@code /v1}
 * @param anthropicBaseUrl Anthropic-style base URL (without {@code /v1})
 * @param apiKey the run's own key
 */
public record LlmEndpoints(URI openAiBaseUrl, URI anthropicBaseUrl, Secret apiKey) {
    public LlmEndpoints {
        requireNonNull(openAiBaseUrl, "openAiBaseUrl is null");
        requireNonNull(anthropicBaseUrl, "anthropicBaseUrl is null");
        requireNonNull(apiKey, "apiKey is null");
    }
}
