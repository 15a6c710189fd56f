package dev.drydock.proxy;

/**
 * One call's tokens by kind, as the provider reported them. Input counts everything read,
 * cached or not (Anthropic's three input kinds are added up), so that providers compare.
 */
record TokenCount(long input, long output, long cacheRead, long cacheCreation) {
    static final TokenCount NONE = new TokenCount(0, 0, 0, 0);

    long total() {
        return input + output;
    }
}
