package dev.drydock.api;

/**
 * LLM usage of one run as the proxy metered it.
 *
 * @param requests upstream calls
 * @param inputTokens prompt tokens, including cached ones
 * @param outputTokens completion tokens
 * @param cachedInputTokens prompt tokens served from the provider's cache
 * @param failedRequests calls that ended in an upstream error, a timeout or a dropped stream
 * @param rejectedRequests calls the proxy refused because the run's budget was spent
 */
public record Usage(long requests, long inputTokens, long outputTokens, long cachedInputTokens, long failedRequests,
        long rejectedRequests) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage {
        if (requests < 0 || inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0 || failedRequests < 0
                || rejectedRequests < 0) {
            throw new IllegalArgumentException("usage counts must not be negative");
        }
    }

    /** Usage without failures or rejections. */
    public Usage(long requests, long inputTokens, long outputTokens, long cachedInputTokens) {
        this(requests, inputTokens, outputTokens, cachedInputTokens, 0, 0);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(
                requests + other.requests,
                inputTokens + other.inputTokens,
                outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens,
                failedRequests + other.failedRequests,
                rejectedRequests + other.rejectedRequests);
    }
}
