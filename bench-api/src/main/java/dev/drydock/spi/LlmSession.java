package dev.drydock.spi;

import dev.drydock.api.Usage;
import java.util.Map;
import java.util.Optional;

/**
 * One run's access to the model. The key is for this run only and stops working on {@link
 * #close()}; the upstream provider's key never leaves the proxy.
 */
public interface LlmSession extends AutoCloseable {
    /** Where and how the agent reaches the model; empty when the agent gets no model. */
    Optional<LlmEndpoints> endpoints();

    /** What this session used so far. */
    Usage usage();

    /** The same by model name, for pricing; empty when the proxy cannot tell models apart. */
    default Map<String, Usage> usageByModel() {
        return Map.of();
    }

    @Override
    void close();
}
