package dev.drydock.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSource;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Forwards one agent call: checks the run's key and budget, swaps in the upstream key, passes the
 * answer through (streams event by event, flushed as they arrive), meters the tokens, and turns
 * upstream failures into errors the agent's client understands.
 */
final class ProxyHandler extends Handler.Abstract {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Request headers that stay here: the agent's key, and what belongs to this connection only. */
    private static final Set<String> DROPPED_REQUEST_HEADERS = Set.of("host", "authorization", "x-api-key", "content-length",
            "connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-authorization", "accept-encoding",
            "cookie", "expect");
    private static final Set<String> DROPPED_RESPONSE_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "content-encoding", "set-cookie");

    private final EmbeddedProxy proxy;
    private final OkHttpClient client;
    private final Ledger ledger;

    ProxyHandler(EmbeddedProxy proxy, OkHttpClient client, Ledger ledger) {
        this.proxy = proxy;
        this.client = client;
        this.ledger = ledger;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Optional<Route.Match> match = Route.match(request.getMethod(), path);
        if (match.isEmpty()) {
            error(response, callback, Route.Api.OPENAI, 404, "not_found", "drydock proxy: nothing at "
                    + request.getMethod() + " " + path + "; it serves POST /v1/chat/completions, /v1/responses,"
                    + " /v1/embeddings, /v1/messages, /v1/messages/count_tokens and GET /v1/models");
            return true;
        }
        Route route = match.get().route();
        String key = key(request);
        Optional<ProxySession> found = key == null ? Optional.empty() : proxy.session(key);
        EndPoint connection = request.getConnectionMetaData().getConnection().getEndPoint();
        ProxySession.Admission admission = found.map(session -> session.enter(connection)).orElse(ProxySession.Admission.REVOKED);
        if (admission == ProxySession.Admission.REVOKED) {
            error(response, callback, route.api, 401, "authentication_error", key == null
                    ? "drydock proxy: no API key; send the run's key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'"
                    : "drydock proxy: unknown or revoked API key (keys belong to one run and stop working when it ends)");
            return true;
        }
        ProxySession session = found.get();
        if (admission == ProxySession.Admission.BUSY) {
            error(response, callback, route.api, 429, route.api == Route.Api.ANTHROPIC ? "rate_limit_error" : "too_many_requests",
                    "drydock proxy: run " + session.runId() + " already has " + proxy.config().maxConcurrentRequests()
                            + " calls in flight (max-concurrent-requests)");
            return true;
        }
        try {
            forward(request, response, callback, session, route, match.get().upstreamPath(), connection);
        } finally {
            session.exit(connection);
            // the next request on this connection gets the read timeout again, not the upstream's
            connection.setIdleTimeout(proxy.config().requestReadTimeout().toMillis());
        }
        return true;
    }

    private void forward(Request request, Response response, Callback callback, ProxySession session, Route route,
            String upstreamPath, EndPoint connection) throws IOException {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        long limit = proxy.config().maxRequestBytes();
        byte[] body = request.getLength() > limit ? null : Content.Source.asInputStream(request).readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
        if (body == null || body.length > limit) {
            error(response, callback, route.api, 413, "request_too_large", "drydock proxy: the request body is larger than "
                    + limit + " bytes (max-request-bytes)");
            return;
        }
        // the request is in: from here on the upstream may take its time
        connection.setIdleTimeout(proxy.config().upstreamTimeout().toMillis() + 60_000);
        RequestInspector inspected = RequestInspector.of(body);
        String model = inspected.model();
        if (!route.free()) {
            Optional<String> over = proxy.overBudget(session);
            if (over.isPresent()) {
                session.record(model, TokenCount.NONE, false, false, true);
                ledger.append(new Ledger.Row(session.runId(), route, model, 429, "over_budget", TokenCount.NONE, 0, 0, startedAt));
                error(response, callback, route.api, 429, route.api == Route.Api.ANTHROPIC ? "rate_limit_error"
                        : "budget_exceeded", over.get());
                return;
            }
        }
        EmbeddedProxy.Upstream upstream = proxy.upstream(route.api);
        if (upstream.key().isEmpty()) {
            error(response, callback, route.api, 503, "upstream_not_configured", "drydock proxy: no key for the "
                    + upstream.name() + " upstream; " + upstream.keyHint());
            return;
        }
        // a chat stream reports usage only when asked; ask, and keep the extra chunk from the agent
        boolean hideUsageChunk = route == Route.CHAT_COMPLETIONS && inspected.stream() && !inspected.asksForStreamUsage();
        if (hideUsageChunk) {
            body = inspected.withStreamUsage(body);
        }
        Call call = client.newCall(upstreamRequest(request, route, upstream, upstreamPath, body));
        UsageReader usage = new UsageReader(route);
        Outcome outcome = new Outcome();
        try (okhttp3.Response answer = call.execute()) {
            response.setStatus(answer.code());
            answer.headers().forEach(header -> {
                String name = header.getFirst().toLowerCase(Locale.ROOT);
                if (!DROPPED_RESPONSE_HEADERS.contains(name)) {
                    response.getHeaders().add(header.getFirst(), header.getSecond());
                }
            });
            outcome.status = answer.code();
            String contentType = answer.header("content-type", "");
            if (contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
                stream(answer.body().source(), response, callback, route, usage, hideUsageChunk, call, outcome, started);
            } else {
                byte[] bytes;
                try {
                    bytes = answer.body().bytes();
                } catch (IOException dropped) {
                    outcome.fail("dropped");
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.setStatus(502);
                    write(response, callback, errorJson(route.api, "upstream_error",
                            "drydock proxy: the upstream's answer broke off: " + dropped.getMessage()));
                    return;
                }
                outcome.firstByte = System.nanoTime();
                if (answer.isSuccessful()) {
                    usage.body(bytes);
                } else {
                    outcome.fail("upstream_error");
                }
                write(response, callback, bytes);
            }
        } catch (IOException unreachable) {
            boolean timeout = unreachable instanceof InterruptedIOException;
            outcome.fail("upstream_unreachable");
            outcome.status = timeout ? 504 : 502;
            if (!response.isCommitted()) {
                error(response, callback, route.api, outcome.status, "upstream_error", "drydock proxy: the "
                        + upstream.name() + " upstream " + (timeout ? "did not answer in time" : "cannot be reached")
                        + ": " + unreachable.getMessage());
            } else {
                callback.failed(unreachable);
            }
        } finally {
            TokenCount tokens = usage.tokens();
            boolean called = outcome.status != 0;
            session.record(model, tokens, called, outcome.failed, false);
            long now = System.nanoTime();
            ledger.append(new Ledger.Row(session.runId(), route, model, outcome.status, outcome.name, tokens,
                    (now - started) / 1_000_000, outcome.firstByte == 0 ? -1 : (outcome.firstByte - started) / 1_000_000,
                    startedAt));
        }
    }

    /** Server-sent events, forwarded whole as they complete; the usage-only chunk drydock asked for is kept back. */
    private void stream(BufferedSource source, Response response, Callback callback, Route route, UsageReader usage,
            boolean hideUsageChunk, Call call, Outcome outcome, long started) {
        OutputStream out = Content.Sink.asOutputStream(response);
        SseSplitter events = new SseSplitter();
        Buffer read = new Buffer();
        try {
            while (true) {
                long count;
                try {
                    count = source.read(read, 16 * 1024);
                } catch (IOException dropped) {
                    outcome.fail("dropped");
                    sendQuietly(out, streamError(route, "drydock proxy: the upstream stream broke off: " + dropped.getMessage()));
                    closeQuietly(out);
                    callback.succeeded();
                    return;
                }
                if (count == -1) {
                    break;
                }
                ByteArrayOutputStream forward = new ByteArrayOutputStream();
                for (byte[] event : events.feed(read.readByteArray())) {
                    boolean usageOnly = usage.event(SseSplitter.data(event));
                    if (!(hideUsageChunk && usageOnly)) {
                        forward.write(event);
                    }
                }
                if (forward.size() > 0) {
                    out.write(forward.toByteArray());
                    out.flush();
                    if (outcome.firstByte == 0) {
                        outcome.firstByte = System.nanoTime();
                    }
                }
            }
            byte[] rest = events.rest();
            if (rest.length > 0) {
                usage.event(SseSplitter.data(rest));
                out.write(rest);
            }
            out.close();
            callback.succeeded();
        } catch (IOException clientGone) {
            call.cancel();
            outcome.fail("client_gone");
            callback.failed(clientGone);
        }
    }

    private okhttp3.Request upstreamRequest(Request request, Route route, EmbeddedProxy.Upstream upstream, String path,
            byte[] body) {
        String query = request.getHttpURI().getQuery();
        String base = upstream.baseUrl().endsWith("/")
                ? upstream.baseUrl().substring(0, upstream.baseUrl().length() - 1) : upstream.baseUrl();
        okhttp3.Request.Builder builder = new okhttp3.Request.Builder().url(base + path + (query == null ? "" : "?" + query));
        String contentType = "application/json";
        for (HttpField field : request.getHeaders()) {
            String name = field.getLowerCaseName();
            if (name.equals("content-type")) {
                contentType = field.getValue();
            } else if (!DROPPED_REQUEST_HEADERS.contains(name)) {
                builder.addHeader(field.getName(), field.getValue());
            }
        }
        String key = upstream.key().orElseThrow().reveal();
        if (route.api == Route.Api.ANTHROPIC) {
            builder.header("x-api-key", key);
        } else {
            builder.header("Authorization", "Bearer " + key);
        }
        if (route.method.equals("GET")) {
            return builder.get().build();
        }
        return builder.post(RequestBody.create(body, MediaType.parse(contentType))).build();
    }

    /** The run's key, from {@code Authorization: Bearer} (OpenAI clients, Claude Code's auth token) or {@code x-api-key}. */
    private static String key(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String apiKey = request.getHeaders().get("x-api-key");
        return apiKey == null ? null : apiKey.strip();
    }

    private static void error(Response response, Callback callback, Route.Api api, int status, String type, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        write(response, callback, errorJson(api, type, message));
    }

    /** An error in the shape the API's clients parse: OpenAI's {@code {"error": {...}}}, Anthropic's {@code {"type": "error", ...}}. */
    static byte[] errorJson(Route.Api api, String type, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        if (api == Route.Api.ANTHROPIC) {
            root.put("type", "error");
            root.putObject("error").put("type", type).put("message", message);
        } else {
            root.putObject("error").put("message", message).put("type", type).put("code", type);
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] streamError(Route route, String message) {
        String json = new String(errorJson(route.api, route.api == Route.Api.ANTHROPIC ? "api_error" : "upstream_error",
                message), StandardCharsets.UTF_8);
        return (route == Route.CHAT_COMPLETIONS ? "data: " + json + "\n\n" : "event: error\ndata: " + json + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Response response, Callback callback, byte[] bytes) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static void sendQuietly(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException clientGoneToo) {
            // nothing left to tell
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** How a call ended, for the session and the ledger. */
    private static final class Outcome {
        int status;
        String name = "ok";
        boolean failed;
        long firstByte;

        void fail(String why) {
            name = why;
            failed = true;
        }
    }
}
