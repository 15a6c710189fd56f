package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import dev.drydock.spi.ConfigDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An agent: data, not code. Its {@code setup} installs it inside the workspace, its {@code command}
 * does the work; both run with {@code bash -c} in the project root.
 *
 * @param template a shipped agent template this one starts from
 * @param version recorded with every result
 * @param description one line for people
 * @param setup script run before the agent (not timed as the agent's work); empty for none
 * @param command the agent itself
 * @param env extra variables for setup and command
 * @param timeout time limit of the command; past it the whole process tree is killed
 * @param setupTimeout time limit of the setup script
 * @param outputLimit bytes of stdout and of stderr kept (head and tail)
 * @param compose a compose file (relative to the configuration) of services the agent needs: drydock
 *     starts them for each run before the agent's setup, reachable from that run's workspace alone,
 *     and removes them after it
 */
public record AgentDefinition(
        Optional<String> template,
        @ConfigDefault("unversioned") String version,
        @ConfigDefault("\"\"") String description,
        @ConfigDefault("\"\"") String setup,
        String command,
        Map<String, String> env,
        @ConfigDefault("30m") Duration timeout,
        @ConfigDefault("15m") Duration setupTimeout,
        @ConfigDefault("1048576") int outputLimit,
        Optional<String> compose) {
    public AgentDefinition {
        requireNonNull(template, "template is null");
        requireNonNull(version, "version is null");
        requireNonNull(description, "description is null");
        requireNonNull(setup, "setup is null");
        requireNonNull(command, "command is null");
        env = Map.copyOf(env);
        requireNonNull(timeout, "timeout is null");
        requireNonNull(setupTimeout, "setupTimeout is null");
        requireNonNull(compose, "compose is null");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command must not be empty (an agent that does nothing can run 'true')");
        }
        if (outputLimit < 1024) {
            throw new IllegalArgumentException("output-limit must be at least 1024 bytes but is " + outputLimit);
        }
    }
}
