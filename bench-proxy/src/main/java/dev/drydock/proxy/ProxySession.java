package dev.drydock.proxy;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.Usage;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmSession;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.jetty.io.EndPoint;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One run's access through the embedded proxy: a key of its own, usage by model. Usage is read
 * after calls in flight have finished (the agent may exit while the proxy still meters its last
 * stream), waiting at most a few seconds.
 */
final class ProxySession implements LlmSession {
    private static final long QUIET_WAIT_MILLIS = 10_000;

    private final String runId;
    private final LlmEndpoints endpoints;
    private final Consumer<ProxySession> onClose;
    private final Map<String, Usage> byModel = new TreeMap<>();
    private final int maxInFlight;
    /** The connections the run's calls arrived on; closed with the session, so none outlives the run. */
    private final Set<EndPoint> connections = new HashSet<>();
    private int inFlight;
    private boolean closed;

    /** Whether a call may start. */
    enum Admission { ADMITTED, REVOKED, BUSY }

    ProxySession(String runId, LlmEndpoints endpoints, int maxInFlight, Consumer<ProxySession> onClose) {
        this.maxInFlight = maxInFlight;
        this.runId = requireNonNull(runId, "runId is null");
        this.endpoints = requireNonNull(endpoints, "endpoints is null");
        this.onClose = requireNonNull(onClose, "onClose is null");
    }

    String runId() {
        return runId;
    }

    String key() {
        return endpoints.apiKey().reveal();
    }

    /**
     * A call on {@code connection} asks to start: refused when the session is closed (its key was
     * revoked in between) or when the run already has its most calls in flight.
     */
    synchronized Admission enter(EndPoint connection) {
        if (closed) {
            return Admission.REVOKED;
        }
        if (inFlight >= maxInFlight) {
            return Admission.BUSY;
        }
        inFlight++;
        connections.add(connection);
        return Admission.ADMITTED;
    }

    synchronized void exit(EndPoint connection) {
        inFlight--;
        if (!connection.isOpen()) {
            connections.remove(connection);
        }
        notifyAll();
    }

    /** Counts one upstream call (or one refused call) against the run. */
    synchronized void record(String model, TokenCount tokens, boolean upstreamCalled, boolean failed, boolean rejected) {
        Usage call = new Usage(upstreamCalled ? 1 : 0, tokens.input(), tokens.output(), tokens.cacheRead(),
                failed ? 1 : 0, rejected ? 1 : 0);
        byModel.merge(model, call, Usage::plus);
    }

    /** Usage so far without waiting, for budget checks. */
    synchronized Map<String, Usage> snapshot() {
        return new TreeMap<>(byModel);
    }

    @Override
    public Optional<LlmEndpoints> endpoints() {
        return Optional.of(endpoints);
    }

    @Override
    public synchronized Usage usage() {
        awaitQuiet();
        return byModel.values().stream().reduce(Usage.ZERO, Usage::plus);
    }

    @Override
    public synchronized Map<String, Usage> usageByModel() {
        awaitQuiet();
        return new TreeMap<>(byModel);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.accept(this);
        List<EndPoint> open;
        synchronized (this) {
            open = List.copyOf(connections);
            connections.clear();
        }
        open.forEach(EndPoint::close);
    }

    private void awaitQuiet() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_WAIT_MILLIS);
        while (inFlight > 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
