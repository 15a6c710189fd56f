package dev.drydock.amsterdam;

import dev.drydock.api.Usage;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmSession;
import java.util.Map;
import java.util.Optional;

/**
 * One run's Amsterdam project. Amsterdam cannot delete or disable a project, so the key keeps
 * working after the run (a documented deviation); drydock stops using it.
 */
final class AmsterdamSession implements LlmSession {
    private final LlmEndpoints endpoints;
    private final AmsterdamProxy proxy;

    AmsterdamSession(LlmEndpoints endpoints, AmsterdamProxy proxy) {
        this.endpoints = endpoints;
        this.proxy = proxy;
    }

    @Override
    public Optional<LlmEndpoints> endpoints() {
        return Optional.of(endpoints);
    }

    @Override
    public Usage usage() {
        return usageByModel().values().stream().reduce(Usage.ZERO, Usage::plus);
    }

    @Override
    public Map<String, Usage> usageByModel() {
        return proxy.usageByModel(endpoints.apiKey().reveal());
    }

    @Override
    public void close() {}
}
