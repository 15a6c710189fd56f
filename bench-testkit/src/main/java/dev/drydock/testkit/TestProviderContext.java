package dev.drydock.testkit;

import dev.drydock.api.Usage;
import dev.drydock.spi.ProviderContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A {@link ProviderContext} for provider tests: one folder for configuration and cache, the system
 * clock, and prices and redaction as the test gives them.
 */
public record TestProviderContext(Path baseDirectory, BiFunction<String, Usage, Optional<BigDecimal>> prices,
        UnaryOperator<String> redactor) implements ProviderContext {
    /** No prices, nothing redacted. */
    public static TestProviderContext in(Path folder) {
        return new TestProviderContext(folder, (model, usage) -> Optional.empty(), UnaryOperator.identity());
    }

    @Override
    public Path cacheDirectory() {
        return baseDirectory;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public void registerSecret(String value) {}

    @Override
    public String redact(String text) {
        return redactor.apply(text);
    }

    @Override
    public Optional<BigDecimal> cost(String model, Usage usage) {
        return prices.apply(model, usage);
    }
}
