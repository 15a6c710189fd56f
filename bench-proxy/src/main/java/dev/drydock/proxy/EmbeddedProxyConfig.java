package dev.drydock.proxy;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.Secret;
import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the {@code embedded} LLM proxy.
 *
 * @param host the address the proxy listens on
 * @param port its port; {@code 0} picks a free one
 * @param advertisedHost the host agents are told to use, when it differs from {@code host} (an agent
 *     in a container reaches the host as {@code host.containers.internal}, say)
 * @param openai the OpenAI-style upstream (also any OpenAI-compatible server)
 * @param anthropic the Anthropic upstream
 * @param budgetTokens per-run limit of input + output tokens; past it calls get 429
 * @param budgetUsd per-run limit in US dollars, by the configuration's {@code prices}
 * @param upstreamTimeout how long an upstream call may go without sending a byte
 * @param ledger a file to append one JSON line per upstream call to (relative to the configuration)
 * @param maxRequestBytes the largest request body the proxy takes; larger ones get 413
 * @param requestReadTimeout how long a client may take to send a request's headers and body
 * @param maxConcurrentRequests how many calls one run may have in flight; more get 429
 */
public record EmbeddedProxyConfig(
        @ConfigDefault("127.0.0.1") String host,
        @ConfigDefault("0") int port,
        Optional<String> advertisedHost,
        Optional<Upstream> openai,
        Optional<Upstream> anthropic,
        Optional<Long> budgetTokens,
        Optional<Double> budgetUsd,
        @ConfigDefault("10m") Duration upstreamTimeout,
        Optional<String> ledger,
        @ConfigDefault("16777216") long maxRequestBytes,
        @ConfigDefault("30s") Duration requestReadTimeout,
        @ConfigDefault("16") int maxConcurrentRequests) {
    public EmbeddedProxyConfig {
        requireNonNull(host, "host is null");
        requireNonNull(advertisedHost, "advertisedHost is null");
        requireNonNull(openai, "openai is null");
        requireNonNull(anthropic, "anthropic is null");
        requireNonNull(budgetTokens, "budgetTokens is null");
        requireNonNull(budgetUsd, "budgetUsd is null");
        requireNonNull(upstreamTimeout, "upstreamTimeout is null");
        requireNonNull(ledger, "ledger is null");
        requireNonNull(requestReadTimeout, "requestReadTimeout is null");
        if (maxRequestBytes < 1024 || maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("max-request-bytes must be at least 1024 and max-concurrent-requests at least 1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must lie in [0, 65535] but is " + port);
        }
        budgetTokens.filter(tokens -> tokens <= 0).ifPresent(tokens -> {
            throw new IllegalArgumentException("budget-tokens must be positive but is " + tokens);
        });
        budgetUsd.filter(usd -> !(usd > 0)).ifPresent(usd -> {
            throw new IllegalArgumentException("budget-usd must be positive but is " + usd);
        });
    }

    /**
     * One upstream provider.
     *
     * @param baseUrl its base URL, ending in {@code /v1} ({@code https://api.openai.com/v1},
     *     {@code https://api.anthropic.com/v1}, or any OpenAI-compatible server's)
     * @param apiKey its key; when absent, the environment variable {@code apiKeyEnv}
     * @param apiKeyEnv the environment variable holding the key when {@code apiKey} is absent
     */
    public record Upstream(Optional<String> baseUrl, Optional<Secret> apiKey, Optional<String> apiKeyEnv) {
        public Upstream {
            requireNonNull(baseUrl, "baseUrl is null");
            requireNonNull(apiKey, "apiKey is null");
            requireNonNull(apiKeyEnv, "apiKeyEnv is null");
        }
    }
}
