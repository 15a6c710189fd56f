package dev.drydock.store.json;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;

/**
 * Settings of the {@code json} store.
 *
 * @param path the results file, relative to the configuration file's folder
 */
public record JsonStoreConfig(@ConfigDefault("results/drydock-results.json") String path) {
    public JsonStoreConfig {
        requireNonNull(path, "path is null");
    }
}
