package dev.drydock.derrick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A loopback stand-in for Derrick's HTTP API whose answers a test scripts, recording every request. */
final class FakeDerrick implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Call(String method, String path, JsonNode body) {}

    /** An answer: a status and body, a pause first, or a connection closed without any answer. */
    record Reply(int status, byte[] body, String contentType, Duration delay, boolean hangUp) {
        static Reply json(int status, String json) {
            return new Reply(status, json.getBytes(StandardCharsets.UTF_8), "application/json", Duration.ZERO, false);
        }

        static Reply bytes(byte[] body) {
            return new Reply(200, body, "application/octet-stream", Duration.ZERO, false);
        }

        static Reply internalError() {
            return json(500, "{\"request_id\":\"r\",\"error_code\":\"Internal\",\"message\":\"Internal Server Error\"}");
        }

        static Reply hangingUp() {
            return new Reply(0, new byte[0], "", Duration.ZERO, true);
        }

        Reply after(Duration pause) {
            return new Reply(status, body, contentType, pause, hangUp);
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Call> calls = new ArrayList<>();
    private volatile Function<Call, Reply> script = call -> Reply.json(200, "null");

    FakeDerrick() throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body = Content.Source.asInputStream(request).readAllBytes();
                Call call = new Call(request.getMethod(), Request.getPathInContext(request),
                        body.length == 0 ? MAPPER.nullNode() : MAPPER.readTree(body));
                synchronized (calls) {
                    calls.add(call);
                }
                Reply reply = script.apply(call);
                if (!reply.delay().isZero()) {
                    Thread.sleep(reply.delay().toMillis());
                }
                if (reply.hangUp()) {
                    request.getConnectionMetaData().getConnection().getEndPoint().close();
                    callback.succeeded();
                    return true;
                }
                response.setStatus(reply.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
                response.write(true, ByteBuffer.wrap(reply.body()), callback);
                return true;
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    void script(Function<Call, Reply> answers) {
        this.script = answers;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
