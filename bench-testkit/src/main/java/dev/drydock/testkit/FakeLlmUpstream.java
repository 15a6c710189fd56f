package dev.drydock.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.api.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A scripted stand-in for the model providers, the one thing these machines cannot reach: an
 * OpenAI-compatible ({@code /v1/chat/completions}, {@code /v1/responses}, {@code /v1/embeddings},
 * {@code /v1/models}) and Anthropic-compatible ({@code /v1/messages}, {@code /v1/messages/count_tokens})
 * server on a loopback port. Each call takes the next scripted {@link Reply} (or the default one):
 * its text, its token counts, streamed or not as the request asks, or a fault (an error status, a
 * delay, a stream that breaks off). It checks the upstream key, records every request, and adds up
 * the usage it reported, so tests can compare a proxy's metering with the truth.
 */
public final class FakeLlmUpstream implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Token counts of one reply, input including cached and cache-creation tokens (as drydock counts).
     * On the wire OpenAI gets {@code prompt_tokens = input} and {@code cached_tokens = cachedInput};
     * Anthropic gets {@code input_tokens = input - cachedInput - cacheCreation} and the two cache counts.
     */
    public record Tokens(long input, long output, long cachedInput, long cacheCreation) {
        public Usage usage() {
            return new Usage(1, input, output, cachedInput);
        }
    }

    /**
     * One scripted answer.
     *
     * @param text the assistant's text
     * @param tokens the usage to report
     * @param status 200, or an error status answered with an error body in the API's shape
     * @param delay how long to wait before answering
     * @param chunks how many pieces a streamed text comes in
     * @param chunkDelay the pause between two streamed pieces
     * @param dropAfterEvents a stream breaks off (no final event, connection aborted) after this many events; -1 never
     */
    public record Reply(String text, Tokens tokens, int status, Duration delay, int chunks, Duration chunkDelay,
            int dropAfterEvents) {
        public static Reply text(String text, long input, long output) {
            return new Reply(text, new Tokens(input, output, 0, 0), 200, Duration.ZERO, 4, Duration.ZERO, -1);
        }

        public Reply withCache(long cachedInput, long cacheCreation) {
            return new Reply(text, new Tokens(tokens.input, tokens.output, cachedInput, cacheCreation), status, delay,
                    chunks, chunkDelay, dropAfterEvents);
        }

        public Reply withStatus(int errorStatus) {
            return new Reply(text, tokens, errorStatus, delay, chunks, chunkDelay, dropAfterEvents);
        }

        public Reply withDelay(Duration wait) {
            return new Reply(text, tokens, status, wait, chunks, chunkDelay, dropAfterEvents);
        }

        public Reply withChunks(int pieces, Duration pause) {
            return new Reply(text, tokens, status, delay, pieces, pause, dropAfterEvents);
        }

        public Reply droppingAfter(int events) {
            return new Reply(text, tokens, status, delay, chunks, chunkDelay, events);
        }
    }

    /** A request as the fake received it: method, path with query, lower-case headers, body. */
    public record Recorded(String method, String path, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    private final String apiKey;
    private final Server server;
    private final int port;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Recorded> requests = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private Reply fallback = Reply.text("ok", 10, 2);
    private Usage served = Usage.ZERO;

    private FakeLlmUpstream(String apiKey) {
        this.apiKey = apiKey;
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("fake-llm-upstream");
        threads.setDaemon(true);
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(request, response, callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the fake upstream cannot start", e);
        }
        port = connector.getLocalPort();
    }

    /** Starts a fake that accepts only {@code apiKey} (as a bearer token or {@code x-api-key}). */
    public static FakeLlmUpstream start(String apiKey) {
        return new FakeLlmUpstream(apiKey);
    }

    /** OpenAI-style base URL, ending in {@code /v1}; Anthropic clients use it too. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** The following calls get these replies, in order; after them the default reply. */
    public synchronized FakeLlmUpstream script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The reply once the script is used up. */
    public synchronized FakeLlmUpstream fallback(Reply reply) {
        this.fallback = reply;
        return this;
    }

    public synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The usage of every successful model call answered so far (what a metering proxy must report). */
    public synchronized Usage served() {
        return served;
    }

    private synchronized Reply next(Recorded recorded, boolean counts) {
        requests.add(recorded);
        Reply reply = script.isEmpty() ? fallback : script.poll();
        if (counts && reply.status == 200 && reply.dropAfterEvents < 0) {
            served = served.plus(reply.tokens.usage());
        }
        return reply;
    }

    private void serve(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String query = request.getHttpURI().getQuery();
        Map<String, String> headers = new TreeMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.put(field.getLowerCaseName(), field.getValue());
        }
        String body = new String(Content.Source.asInputStream(request).readAllBytes(), StandardCharsets.UTF_8);
        Recorded recorded = new Recorded(request.getMethod(), path + (query == null ? "" : "?" + query), headers, body);
        boolean anthropic = path.startsWith("/v1/messages");
        String bearer = headers.getOrDefault("authorization", "");
        boolean authorized = anthropic ? apiKey.equals(headers.get("x-api-key")) : bearer.equals("Bearer " + apiKey);
        if (!authorized) {
            synchronized (this) {
                requests.add(recorded);
            }
            json(response, callback, 401, error(anthropic, "authentication_error", "fake upstream: wrong key"));
            return;
        }
        boolean models = path.equals("/v1/models") || path.equals("/v1/messages/count_tokens");
        Reply reply = next(recorded, !models);
        if (!reply.delay.isZero()) {
            Thread.sleep(reply.delay.toMillis());
        }
        if (reply.status != 200) {
            json(response, callback, reply.status, error(anthropic, "api_error", "fake upstream: scripted " + reply.status));
            return;
        }
        JsonNode request1 = body.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        String model = request1.path("model").asText("fake-model");
        boolean stream = request1.path("stream").asBoolean(false);
        String id = "fake-" + ids.incrementAndGet();
        switch (path) {
            case "/v1/models" -> json(response, callback, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"fake-model\","
                    + "\"object\":\"model\",\"created\":0,\"owned_by\":\"drydock\"}]}");
            case "/v1/messages/count_tokens" -> json(response, callback, 200, "{\"input_tokens\":" + reply.tokens.input + "}");
            case "/v1/embeddings" -> json(response, callback, 200, embeddings(model, reply.tokens));
            case "/v1/chat/completions" -> {
                if (stream) {
                    stream(response, callback, reply, chatEvents(id, model, reply,
                            request1.path("stream_options").path("include_usage").asBoolean(false)));
                } else {
                    json(response, callback, 200, chat(id, model, reply));
                }
            }
            case "/v1/responses" -> {
                if (stream) {
                    stream(response, callback, reply, responseEvents(id, model, reply));
                } else {
                    json(response, callback, 200, responseObject(id, model, reply, "completed").toString());
                }
            }
            case "/v1/messages" -> {
                if (stream) {
                    stream(response, callback, reply, messageEvents(id, model, reply));
                } else {
                    json(response, callback, 200, message(id, model, reply));
                }
            }
            default -> json(response, callback, 404, error(false, "not_found", "fake upstream: no " + path));
        }
    }

    private static String chat(String id, String model, Reply reply) {
        ObjectNode root = MAPPER.createObjectNode().put("id", "chatcmpl-" + id).put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", reply.text);
        choice.put("finish_reason", "stop");
        root.set("usage", openAiUsage(reply.tokens));
        return root.toString();
    }

    private static ObjectNode openAiUsage(Tokens tokens) {
        ObjectNode usage = MAPPER.createObjectNode().put("prompt_tokens", tokens.input).put("completion_tokens", tokens.output)
                .put("total_tokens", tokens.input + tokens.output);
        usage.putObject("prompt_tokens_details").put("cached_tokens", tokens.cachedInput);
        return usage;
    }

    private static List<String> chatEvents(String id, String model, Reply reply, boolean includeUsage) {
        List<String> events = new ArrayList<>();
        boolean first = true;
        for (String piece : pieces(reply.text, reply.chunks)) {
            ObjectNode chunk = chatChunk(id, model, includeUsage);
            ObjectNode delta = ((ObjectNode) chunk.withArray("choices").addObject().put("index", 0)).putObject("delta");
            if (first) {
                delta.put("role", "assistant");
                first = false;
            }
            delta.put("content", piece);
            ((ObjectNode) chunk.get("choices").get(0)).putNull("finish_reason");
            events.add("data: " + chunk + "\n\n");
        }
        ObjectNode last = chatChunk(id, model, includeUsage);
        ObjectNode choice = last.withArray("choices").addObject().put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", "stop");
        events.add("data: " + last + "\n\n");
        if (includeUsage) {
            ObjectNode usage = chatChunk(id, model, false);
            usage.putArray("choices");
            usage.set("usage", openAiUsage(reply.tokens));
            events.add("data: " + usage + "\n\n");
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static ObjectNode chatChunk(String id, String model, boolean withNullUsage) {
        ObjectNode chunk = MAPPER.createObjectNode().put("id", "chatcmpl-" + id).put("object", "chat.completion.chunk")
                .put("created", 1_700_000_000).put("model", model);
        chunk.putArray("choices");
        if (withNullUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private static ObjectNode responseObject(String id, String model, Reply reply, String status) {
        ObjectNode root = MAPPER.createObjectNode().put("id", "resp_" + id).put("object", "response")
                .put("created_at", 1_700_000_000).put("status", status).put("model", model);
        ArrayNode output = root.putArray("output");
        if (status.equals("completed")) {
            ObjectNode message = output.addObject().put("type", "message").put("id", "msg_" + id).put("status", "completed")
                    .put("role", "assistant");
            message.putArray("content").addObject().put("type", "output_text").put("text", reply.text).putArray("annotations");
            ObjectNode usage = root.putObject("usage").put("input_tokens", reply.tokens.input)
                    .put("output_tokens", reply.tokens.output).put("total_tokens", reply.tokens.input + reply.tokens.output);
            usage.putObject("input_tokens_details").put("cached_tokens", reply.tokens.cachedInput);
            usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        } else {
            root.putNull("usage");
        }
        return root;
    }

    private static List<String> responseEvents(String id, String model, Reply reply) {
        List<String> events = new ArrayList<>();
        ObjectNode created = MAPPER.createObjectNode().put("type", "response.created");
        created.set("response", responseObject(id, model, reply, "in_progress"));
        events.add("event: response.created\ndata: " + created + "\n\n");
        for (String piece : pieces(reply.text, reply.chunks)) {
            ObjectNode delta = MAPPER.createObjectNode().put("type", "response.output_text.delta").put("item_id", "msg_" + id)
                    .put("output_index", 0).put("content_index", 0).put("delta", piece);
            events.add("event: response.output_text.delta\ndata: " + delta + "\n\n");
        }
        ObjectNode completed = MAPPER.createObjectNode().put("type", "response.completed");
        completed.set("response", responseObject(id, model, reply, "completed"));
        events.add("event: response.completed\ndata: " + completed + "\n\n");
        return events;
    }

    private static ObjectNode anthropicUsage(Tokens tokens, boolean withOutput) {
        ObjectNode usage = MAPPER.createObjectNode()
                .put("input_tokens", tokens.input - tokens.cachedInput - tokens.cacheCreation)
                .put("cache_creation_input_tokens", tokens.cacheCreation)
                .put("cache_read_input_tokens", tokens.cachedInput);
        return usage.put("output_tokens", withOutput ? tokens.output : 1);
    }

    private static String message(String id, String model, Reply reply) {
        ObjectNode root = MAPPER.createObjectNode().put("id", "msg_" + id).put("type", "message").put("role", "assistant")
                .put("model", model);
        root.putArray("content").addObject().put("type", "text").put("text", reply.text);
        root.put("stop_reason", "end_turn").putNull("stop_sequence");
        root.set("usage", anthropicUsage(reply.tokens, true));
        return root.toString();
    }

    private static List<String> messageEvents(String id, String model, Reply reply) {
        List<String> events = new ArrayList<>();
        ObjectNode start = MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", "msg_" + id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.set("usage", anthropicUsage(reply.tokens, false));
        events.add("event: message_start\ndata: " + start + "\n\n");
        events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (String piece : pieces(reply.text, reply.chunks)) {
            ObjectNode delta = MAPPER.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", piece);
            events.add("event: content_block_delta\ndata: " + delta + "\n\n");
        }
        events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        ObjectNode delta = MAPPER.createObjectNode().put("type", "message_delta");
        delta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", reply.tokens.output);
        events.add("event: message_delta\ndata: " + delta + "\n\n");
        events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return events;
    }

    private static String embeddings(String model, Tokens tokens) {
        ObjectNode root = MAPPER.createObjectNode().put("object", "list").put("model", model);
        root.putArray("data").addObject().put("object", "embedding").put("index", 0).putArray("embedding").add(0.1).add(0.2);
        root.putObject("usage").put("prompt_tokens", tokens.input).put("total_tokens", tokens.input);
        return root.toString();
    }

    private static String error(boolean anthropic, String type, String message) {
        ObjectNode root = MAPPER.createObjectNode();
        if (anthropic) {
            root.put("type", "error").putObject("error").put("type", type).put("message", message);
        } else {
            root.putObject("error").put("message", message).put("type", type).put("code", type);
        }
        return root.toString();
    }

    private static List<String> pieces(String text, int chunks) {
        List<String> pieces = new ArrayList<>();
        int count = Math.max(1, Math.min(chunks, Math.max(1, text.length())));
        int size = (text.length() + count - 1) / count;
        for (int start = 0; start < text.length(); start += size) {
            pieces.add(text.substring(start, Math.min(text.length(), start + size)));
        }
        if (pieces.isEmpty()) {
            pieces.add("");
        }
        return pieces;
    }

    private static void json(Response response, Callback callback, int status, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static void stream(Response response, Callback callback, Reply reply, List<String> events) throws InterruptedException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        OutputStream out = Content.Sink.asOutputStream(response);
        try {
            for (int i = 0; i < events.size(); i++) {
                if (i == reply.dropAfterEvents) {
                    out.flush();
                    callback.failed(new IOException("fake upstream: stream dropped as scripted"));
                    return;
                }
                if (i > 0 && !reply.chunkDelay.isZero() && events.get(i).toLowerCase(Locale.ROOT).contains("delta")) {
                    Thread.sleep(reply.chunkDelay.toMillis());
                }
                out.write(events.get(i).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            out.close();
            callback.succeeded();
        } catch (IOException clientGone) {
            callback.failed(clientGone);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // best effort
        }
    }
}
