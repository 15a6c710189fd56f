package dev.drydock.amsterdam;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.Secret;
import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the {@code amsterdam} LLM proxy.
 *
 * @param binary the {@code amsterdam} executable: a path, or a name looked up on {@code PATH}
 * @param port the port Amsterdam listens on (on every interface); {@code 0} picks a free one
 * @param advertisedHost the host agents are told to use
 * @param upstreamBaseUrl the OpenAI-compatible upstream ({@code OPENAI_ENDPOINT})
 * @param apiKey the upstream key; when absent, the environment variable {@code OPENAI_API_KEY}
 * @param startupTimeout how long Amsterdam may take to answer {@code /health}
 * @param metricsSettle how long usage must stay unchanged before it is final (Amsterdam meters a
 *     stream after it has ended, in the background)
 */
public record AmsterdamConfig(
        @ConfigDefault("amsterdam") String binary,
        @ConfigDefault("0") int port,
        @ConfigDefault("127.0.0.1") String advertisedHost,
        @ConfigDefault("https://api.openai.com/v1") String upstreamBaseUrl,
        Optional<Secret> apiKey,
        @ConfigDefault("30s") Duration startupTimeout,
        @ConfigDefault("300ms") Duration metricsSettle) {
    public AmsterdamConfig {
        requireNonNull(binary, "binary is null");
        requireNonNull(advertisedHost, "advertisedHost is null");
        requireNonNull(upstreamBaseUrl, "upstreamBaseUrl is null");
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(startupTimeout, "startupTimeout is null");
        requireNonNull(metricsSettle, "metricsSettle is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must lie in [0, 65535] but is " + port);
        }
    }
}
