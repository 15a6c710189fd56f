package dev.drydock.core;

import dev.drydock.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Clock;

/** The {@link ProviderContext} drydock hands providers: the suite's folder, the cache, the clock, the redactor. */
record CoreProviderContext(Path baseDirectory, Path cacheDirectory, Clock clock, Redactor redactor)
        implements ProviderContext {
    @Override
    public void registerSecret(String value) {
        redactor.register(value);
    }
}
