package dev.drydock.server;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.store.sql.SqlResultStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code drydock serve}: the results API, the leaderboard page and Prometheus metrics on one port,
 * backed by a {@link SqlResultStore}. Jetty reads requests asynchronously, so slow clients hold no
 * thread; bodies are read only for valid tokens, at most {@code concurrentUploads} at a time, each
 * capped at {@code maxBodyBytes}, which bounds the memory submissions can take.
 */
public final class ResultsServer implements AutoCloseable {
    private final SqlResultStore store;
    private final Server server;
    private final ExecutorService work;
    private final ServerConnector connector;

    private ResultsServer(SqlResultStore store, Server server, ExecutorService work, ServerConnector connector) {
        this.store = store;
        this.server = server;
        this.work = work;
        this.connector = connector;
    }

    public static ResultsServer start(ServerSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    public static ResultsServer start(ServerSettings settings, Clock clock) {
        SqlResultStore store = new SqlResultStore(settings.databaseUrl(), settings.user(), settings.password(), 8,
                Duration.ofSeconds(10));
        ExecutorService work = null;
        Server server = null;
        try {
            SubmitTokens tokens = new SubmitTokens(store, clock);
            // database work of submissions and queries: a bounded queue, so a flood waits or is refused, never piles up
            work = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1024), runnable -> {
                Thread thread = new Thread(runnable, "drydock-server-work");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.AbortPolicy());
            QueuedThreadPool threads = new QueuedThreadPool(64, 4);
            threads.setName("drydock-server");
            server = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setRequestHeaderSize(16 * 1024);
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.bind());
            connector.setPort(settings.port());
            connector.setIdleTimeout(Duration.ofSeconds(30).toMillis());
            connector.setAcceptQueueSize(1024);
            server.addConnector(connector);
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            server.setHandler(new ApiHandler(store, tokens, new RunResultSchema(), settings, work, metrics, clock));
            server.start();
            return new ResultsServer(store, server, work, connector);
        } catch (Exception e) {
            stopQuietly(server);
            if (work != null) {
                work.shutdownNow();
            }
            store.close();
            if (e instanceof DrydockException drydock) {
                throw drydock;
            }
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "the results server cannot listen on " + settings.bind() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://HOST:PORT/}. */
    public URI uri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** The database the server keeps results in. */
    public SqlResultStore store() {
        return store;
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        stopQuietly(server);
        work.shutdown();
        try {
            work.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }

    private static void stopQuietly(Server server) {
        if (server != null) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // stopping is best effort; the process ends anyway
            }
        }
    }
}
