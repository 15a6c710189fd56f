package dev.drydock.server;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.Secret;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code drydock serve} runs.
 *
 * @param databaseUrl {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST/DATABASE}
 * @param user the database user (PostgreSQL)
 * @param password the database password (PostgreSQL)
 * @param bind the address to listen on
 * @param port the port; 0 picks a free one
 * @param maxBodyBytes the largest submission accepted (larger: 413, without reading it)
 * @param submitsPerSecond submissions (requests) per second one token may make; more get 429
 * @param concurrentUploads submissions whose bodies are read at once; more get 503 with Retry-After
 * @param uploadTimeout how long a submission's body may take to arrive (longer: 408)
 */
public record ServerSettings(String databaseUrl, Optional<String> user, Optional<Secret> password, String bind, int port,
        long maxBodyBytes, double submitsPerSecond, int concurrentUploads, Duration uploadTimeout) {
    public static final long DEFAULT_MAX_BODY_BYTES = 8L << 20;

    public ServerSettings {
        requireNonNull(databaseUrl, "databaseUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(bind, "bind is null");
        requireNonNull(uploadTimeout, "uploadTimeout is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must lie in [0, 65535] but is " + port);
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the body limit must lie in [1 KiB, 2 GiB) but is " + maxBodyBytes);
        }
        if (!(submitsPerSecond > 0) || concurrentUploads < 1) {
            throw new IllegalArgumentException("the rate limit and the concurrent uploads must be positive");
        }
    }

    /** The defaults on {@code databaseUrl}: 127.0.0.1:8080, 8 MiB bodies, 20 submits/s per token, 16 uploads at once, 60 s. */
    public static ServerSettings defaults(String databaseUrl) {
        return new ServerSettings(databaseUrl, Optional.empty(), Optional.empty(), "127.0.0.1", 8080, DEFAULT_MAX_BODY_BYTES, 20,
                16, Duration.ofSeconds(60));
    }

    public ServerSettings withPort(int value) {
        return new ServerSettings(databaseUrl, user, password, bind, value, maxBodyBytes, submitsPerSecond, concurrentUploads,
                uploadTimeout);
    }

    public ServerSettings withBind(String value) {
        return new ServerSettings(databaseUrl, user, password, value, port, maxBodyBytes, submitsPerSecond, concurrentUploads,
                uploadTimeout);
    }

    public ServerSettings withLimits(long maxBody, double perSecond, int uploads, Duration timeout) {
        return new ServerSettings(databaseUrl, user, password, bind, port, maxBody, perSecond, uploads, timeout);
    }
}
