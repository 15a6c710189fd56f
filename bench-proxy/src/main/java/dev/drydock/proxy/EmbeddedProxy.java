package dev.drydock.proxy;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Secret;
import dev.drydock.api.Usage;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.ProviderContext;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The running proxy: a Jetty server on a local port, per-run keys, the upstreams, the ledger. */
final class EmbeddedProxy implements LlmProxy {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An upstream provider as configured; without a key calls to it get a clear 503. */
    record Upstream(String name, String baseUrl, Optional<Secret> key, String keyHint) {}

    private final EmbeddedProxyConfig config;
    private final ProviderContext context;
    private final Map<Route.Api, Upstream> upstreams;
    private final Map<String, ProxySession> sessions = new ConcurrentHashMap<>();
    private final Ledger ledger;
    private final OkHttpClient client;
    private final Server server;
    private final String advertisedHost;
    private final int port;

    EmbeddedProxy(EmbeddedProxyConfig config, ProviderContext context, Map<Route.Api, Upstream> upstreams) {
        this.config = config;
        this.context = context;
        this.upstreams = new EnumMap<>(upstreams);
        this.ledger = new Ledger(config.ledger().map(context.baseDirectory()::resolve).map(Path::toAbsolutePath));
        Duration timeout = config.upstreamTimeout();
        this.client = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .followRedirects(false)
                .build();
        QueuedThreadPool threads = new QueuedThreadPool(256, 8);
        threads.setName("drydock-proxy");
        threads.setDaemon(true);
        this.server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(config.host());
        connector.setPort(config.port());
        // until a request's headers and body are in, a client gets requestReadTimeout; the handler then
        // lengthens it, as a model may think for minutes between two stream events
        connector.setIdleTimeout(config.requestReadTimeout().toMillis());
        server.addConnector(connector);
        server.setHandler(new ProxyHandler(this, client, ledger));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly();
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "the embedded LLM proxy cannot listen on "
                    + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        this.port = connector.getLocalPort();
        this.advertisedHost = config.advertisedHost().orElse(config.host());
    }

    @Override
    public LlmSession openSession(String runId) {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        Secret key = Secret.of("ddk-" + HexFormat.of().formatHex(random));
        context.registerSecret(key.reveal());
        String root = "http://" + (advertisedHost.contains(":") ? "[" + advertisedHost + "]" : advertisedHost) + ":" + port;
        LlmEndpoints endpoints = new LlmEndpoints(URI.create(root + "/v1"), URI.create(root), key);
        ProxySession session = new ProxySession(runId, endpoints, config.maxConcurrentRequests(),
                closed -> sessions.remove(closed.key()));
        sessions.put(key.reveal(), session);
        return session;
    }

    /** The session a key belongs to; empty for unknown and revoked keys. */
    Optional<ProxySession> session(String key) {
        return Optional.ofNullable(sessions.get(key));
    }

    Upstream upstream(Route.Api api) {
        return upstreams.get(api);
    }

    /** Why the run may not make another call, if its budget is spent. */
    Optional<String> overBudget(ProxySession session) {
        Map<String, Usage> used = session.snapshot();
        if (config.budgetTokens().isPresent()) {
            long tokens = used.values().stream().mapToLong(Usage::totalTokens).sum();
            if (tokens >= config.budgetTokens().get()) {
                return Optional.of("drydock proxy: run " + session.runId() + " has used " + tokens
                        + " tokens of its budget of " + config.budgetTokens().get());
            }
        }
        if (config.budgetUsd().isPresent()) {
            BigDecimal spent = BigDecimal.ZERO;
            for (Map.Entry<String, Usage> entry : used.entrySet()) {
                if (entry.getValue().totalTokens() == 0) {
                    continue;
                }
                Optional<BigDecimal> cost = context.cost(entry.getKey(), entry.getValue());
                if (cost.isEmpty()) {
                    return Optional.of("drydock proxy: model '" + entry.getKey() + "' has no price, so run "
                            + session.runId() + " cannot be held to its budget of $" + config.budgetUsd().get()
                            + "; add the model to the configuration's prices");
                }
                spent = spent.add(cost.get());
            }
            if (spent.doubleValue() >= config.budgetUsd().get()) {
                return Optional.of("drydock proxy: run " + session.runId() + " has spent $" + spent.toPlainString()
                        + " of its budget of $" + config.budgetUsd().get());
            }
        }
        return Optional.empty();
    }

    EmbeddedProxyConfig config() {
        return config;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        sessions.values().forEach(ProxySession::close);
        stopQuietly();
        ledger.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping is best effort; the threads are daemons
        }
    }
}
