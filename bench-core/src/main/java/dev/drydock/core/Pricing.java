package dev.drydock.core;

import dev.drydock.api.Usage;
import dev.drydock.core.config.ModelPrice;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/** The configuration's model price table: what a run's usage cost. */
record Pricing(Map<String, ModelPrice> prices) {
    Pricing {
        prices = Map.copyOf(prices);
    }

    /**
     * Zero for no usage; the sum over models when every model used has a price; empty (unknown)
     * when the proxy cannot tell models apart or a model has no price.
     */
    Optional<BigDecimal> cost(Usage total, Map<String, Usage> byModel) {
        if (total.totalTokens() == 0) {
            return Optional.of(BigDecimal.ZERO);
        }
        // a call without tokens (listing models, counting tokens) needs no price
        Map<String, Usage> priced = new java.util.TreeMap<>(byModel);
        priced.values().removeIf(usage -> usage.totalTokens() == 0);
        if (priced.isEmpty() || !prices.keySet().containsAll(priced.keySet())) {
            return Optional.empty();
        }
        return Optional.of(priced.entrySet().stream()
                .map(entry -> prices.get(entry.getKey()).cost(entry.getValue()))
                .reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
