package dev.drydock.proxy;

import java.util.Optional;

/**
 * The calls the proxy forwards. Each is mounted with and without a {@code /v1} prefix, because
 * OpenAI clients put {@code /v1} in their base URL and Anthropic clients in the path.
 */
enum Route {
    CHAT_COMPLETIONS("POST", "/chat/completions", Api.OPENAI),
    RESPONSES("POST", "/responses", Api.OPENAI),
    EMBEDDINGS("POST", "/embeddings", Api.OPENAI),
    MODELS("GET", "/models", Api.OPENAI),
    MESSAGES("POST", "/messages", Api.ANTHROPIC),
    COUNT_TOKENS("POST", "/messages/count_tokens", Api.ANTHROPIC);

    /** Which provider a route belongs to: its upstream, its key header, its error shape. */
    enum Api {
        OPENAI,
        ANTHROPIC
    }

    final String method;
    /** The path after {@code /v1}, as appended to the upstream's base URL. */
    final String path;
    final Api api;

    Route(String method, String path, Api api) {
        this.method = method;
        this.path = path;
        this.api = api;
    }

    /** The route for a request, with the path to append upstream ({@code /models/gpt-4o} keeps its id). */
    static Optional<Match> match(String method, String requestPath) {
        String path = requestPath.startsWith("/v1/") ? requestPath.substring(3) : requestPath;
        for (Route route : values()) {
            if (route.method.equals(method) && route.path.equals(path)) {
                return Optional.of(new Match(route, path));
            }
        }
        if (method.equals("GET") && path.startsWith("/models/") && path.indexOf('/', "/models/".length()) < 0) {
            return Optional.of(new Match(MODELS, path));
        }
        return Optional.empty();
    }

    /** Whether the route only reads (no tokens to meter, nothing to budget). */
    boolean free() {
        return this == MODELS || this == COUNT_TOKENS;
    }

    record Match(Route route, String upstreamPath) {}
}
