package dev.drydock.api;

import java.util.Optional;

/**
 * Coverage bought per unit spent; empty where nothing was spent (no tokens, no known cost).
 *
 * @param newlyCoveredLinesPer1kTokens newly covered baseline lines per 1,000 tokens
 * @param newlyCoveredLinesPerDollar newly covered baseline lines per US dollar
 */
public record Efficiency(Optional<Double> newlyCoveredLinesPer1kTokens, Optional<Double> newlyCoveredLinesPerDollar) {
    public static final Efficiency NONE = new Efficiency(Optional.empty(), Optional.empty());

    public static Efficiency of(long newlyCoveredLines, Usage usage, Optional<java.math.BigDecimal> costUsd) {
        Optional<Double> perTokens = usage.totalTokens() == 0
                ? Optional.empty()
                : Optional.of(newlyCoveredLines * 1000.0 / usage.totalTokens());
        Optional<Double> perDollar = costUsd.filter(cost -> cost.signum() > 0)
                .map(cost -> newlyCoveredLines / cost.doubleValue());
        return new Efficiency(perTokens, perDollar);
    }
}
