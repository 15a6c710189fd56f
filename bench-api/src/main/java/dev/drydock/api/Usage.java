package dev.drydock.api;

/**
 * LLM usage of one run as the proxy metered it.
 *
 * @param requests upstream calls
 * @param inputTokens prompt tokens, including cached ones
 * @param outputTokens completion tokens
 * @param cachedInputTokens prompt tokens served from the provider's cache
 */
public record Usage(long requests, long inputTokens, long outputTokens, long cachedInputTokens) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (requests < 0 || inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
            throw new IllegalArgumentException("usage counts must not be negative");
        }
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(
                requests + other.requests,
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens);
    }
}
