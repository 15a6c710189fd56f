package dev.drydock.spi;

/** Creates result stores. */
public interface ResultStoreProvider extends Provider {
    ResultStore create(ProviderConfig config, ProviderContext context);
}
