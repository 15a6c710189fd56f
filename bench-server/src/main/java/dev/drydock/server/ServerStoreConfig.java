package dev.drydock.server;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.Secret;
import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the {@code server} store.
 *
 * @param url the results server, e.g. {@code http://results.example.org:8080}
 * @param token the submit token; when absent, the environment variable {@code DRYDOCK_TOKEN}
 * @param spool where results wait until the server has them, relative to the configuration file's folder
 * @param timeout how long one request may take
 * @param patience how long a save keeps retrying an unavailable server before leaving the result in the spool
 */
public record ServerStoreConfig(
        String url,
        Optional<Secret> token,
        @ConfigDefault("results/server-spool") String spool,
        @ConfigDefault("30s") Duration timeout,
        @ConfigDefault("30s") Duration patience) {
    public ServerStoreConfig {
        requireNonNull(url, "url is null");
        requireNonNull(token, "token is null");
        requireNonNull(spool, "spool is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(patience, "patience is null");
    }
}
