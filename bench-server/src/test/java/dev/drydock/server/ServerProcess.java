package dev.drydock.server;

import java.time.Duration;

/** A results server in a JVM of its own, for tests that kill it: {@code URL}; prints {@code PORT n} when it listens. */
public final class ServerProcess {
    private ServerProcess() {}

    public static void main(String[] args) throws Exception {
        ResultsServer server = ResultsServer.start(ServerSettings.defaults(args[0]).withPort(0)
                .withLimits(ServerSettings.DEFAULT_MAX_BODY_BYTES, 10_000, 16, Duration.ofSeconds(60)));
        System.out.println("PORT " + server.port());
        System.out.flush();
        server.join();
    }
}
