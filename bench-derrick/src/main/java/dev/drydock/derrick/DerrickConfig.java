package dev.drydock.derrick;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the {@code derrick} workspace provider.
 *
 * @param binary the {@code derrick} executable: a path, or a name looked up on {@code PATH}
 * @param mode {@code local} (workspaces in temporary folders on this host) or {@code docker}
 * @param port the port Derrick listens on; 0.4.0 always binds 127.0.0.1:50080
 * @param startupTimeout how long Derrick may take to answer {@code /health}
 * @param lockTimeout how long a workspace waits for the host's Derrick port to become free
 * @param inheritEnv drydock's environment variables commands see ({@code X*} matches a prefix)
 * @param env fixed variables for every command
 * @param logDir where each workspace's Derrick log is kept (redacted), relative to the configuration
 */
public record DerrickConfig(
        @ConfigDefault("derrick") String binary,
        @ConfigDefault("local") Mode mode,
        @ConfigDefault("50080") int port,
        @ConfigDefault("60s") Duration startupTimeout,
        @ConfigDefault("2h") Duration lockTimeout,
        @ConfigDefault("[PATH, LANG, LC_*, TZ, PIP_*, SSL_CERT_*, REQUESTS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, CURL_CA_BUNDLE, GIT_SSL_CAINFO, CARGO_HOME, RUSTUP_HOME, MAVEN_OPTS]")
                List<String> inheritEnv,
        Map<String, String> env,
        @ConfigDefault("derrick-logs") String logDir) {
    /** Derrick's provisioning modes drydock drives. */
    public enum Mode {
        LOCAL,
        DOCKER;

        String flag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DerrickConfig {
        requireNonNull(binary, "binary is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(startupTimeout, "startupTimeout is null");
        requireNonNull(lockTimeout, "lockTimeout is null");
        inheritEnv = List.copyOf(inheritEnv);
        env = Map.copyOf(env);
        requireNonNull(logDir, "logDir is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must lie in [1, 65535] but is " + port);
        }
    }
}
