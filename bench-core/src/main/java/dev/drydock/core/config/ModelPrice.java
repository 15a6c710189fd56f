package dev.drydock.core.config;

import dev.drydock.api.Usage;
import dev.drydock.spi.ConfigDefault;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a model costs, in US dollars per million tokens: one entry of {@code prices}.
 *
 * @param input prompt tokens (uncached)
 * @param output completion tokens
 * @param cachedInput prompt tokens served from the provider's cache; the input price when absent
 */
public record ModelPrice(double input, double output, @ConfigDefault("-1") double cachedInput) {
    public ModelPrice {
        if (input < 0 || output < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
    }

    public BigDecimal cost(Usage usage) {
        double cached = cachedInput < 0 ? input : cachedInput;
        long uncached = Math.max(0, usage.inputTokens() - usage.cachedInputTokens());
        double dollars = (uncached * input + usage.cachedInputTokens() * cached + usage.outputTokens() * output) / 1_000_000;
        return BigDecimal.valueOf(dollars).setScale(6, RoundingMode.HALF_UP);
    }
}
