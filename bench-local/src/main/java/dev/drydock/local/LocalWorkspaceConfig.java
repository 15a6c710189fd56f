package dev.drydock.local;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the {@code local} workspace provider.
 *
 * @param root the folder workspaces are created in; the system's temporary folder when absent
 * @param inheritEnv names of drydock's own environment variables commands see; a trailing {@code *}
 *     matches a prefix. Nothing else is inherited, so drydock's secrets stay out of workspaces.
 *     As commands get a private {@code HOME}, an unset {@code CARGO_HOME}/{@code RUSTUP_HOME} that
 *     this list names is set to the user's {@code ~/.cargo}/{@code ~/.rustup} when those exist, and
 *     {@code MAVEN_OPTS} points Maven at the user's {@code ~/.m2/repository} when that exists.
 * @param env fixed variables every command gets
 * @param killGrace how long a timed-out command gets between SIGTERM and SIGKILL
 * @param keep keep workspace folders after close, for debugging
 */
public record LocalWorkspaceConfig(
        Optional<String> root,
        @ConfigDefault("[PATH, LANG, LC_*, TZ, PIP_*, SSL_CERT_*, REQUESTS_CA_BUNDLE, CARGO_HOME, RUSTUP_HOME, MAVEN_OPTS]") List<String> inheritEnv,
        Map<String, String> env,
        @ConfigDefault("2s") Duration killGrace,
        @ConfigDefault("false") boolean keep) {
    public LocalWorkspaceConfig {
        requireNonNull(root, "root is null");
        inheritEnv = List.copyOf(requireNonNull(inheritEnv, "inheritEnv is null"));
        env = Map.copyOf(requireNonNull(env, "env is null"));
        requireNonNull(killGrace, "killGrace is null");
    }
}
