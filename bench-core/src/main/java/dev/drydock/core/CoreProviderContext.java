package dev.drydock.core;

import dev.drydock.api.Usage;
import dev.drydock.spi.ProviderContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ProviderContext} drydock hands providers: the suite's folder, the cache, the clock, the
 * redactor, the price table, the environment and home folder the embedder gave.
 */
record CoreProviderContext(Path baseDirectory, Path cacheDirectory, Clock clock, Redactor redactor, Pricing pricing,
        Map<String, String> environment, Path userHome) implements ProviderContext {
    CoreProviderContext {
        environment = Map.copyOf(environment);
    }

    @Override
    public void registerSecret(String value) {
        redactor.register(value);
    }

    @Override
    public String redact(String text) {
        return redactor.redact(text);
    }

    @Override
    public Optional<BigDecimal> cost(String model, Usage usage) {
        return pricing.cost(usage, Map.of(model, usage));
    }
}
