package dev.drydock.container;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's services from a compose file, for one workspace: started with {@code docker-compose}
 * against drydock's engine socket as a project of their own, on a network of their own that is
 * internal (no route out) and that only this workspace's container joins; labelled with drydock's
 * owner label so a later drydock removes them after a {@code kill -9}; taken down with their
 * volumes when the workspace closes. Published ports, host networking and privileged services are
 * refused: they would make the services reachable from outside the run or the host reachable from them.
 */
final class Compose {
    private static final Logger log = LoggerFactory.getLogger(Compose.class);
    static final String PROJECT_LABEL = "com.docker.compose.project";
    private static final Pattern PROJECT = Pattern.compile("drydock-(\\d+-\\d+)-[0-9a-f]{8}");
    private static final Pattern FORBIDDEN = Pattern.compile("(?m)^[\\s-]*(published:|network_mode:\\s*host|privileged:\\s*true|pid:\\s*host)");

    private final ContainerWorkspaceBackend backend;
    private final Path file;
    private final Path override;
    final String project;
    final String network;
    final Map<String, String> environment;

    private Compose(ContainerWorkspaceBackend backend, Path file, Path override, String project, String network,
            Map<String, String> environment) {
        this.backend = backend;
        this.file = file;
        this.override = override;
        this.project = project;
        this.network = network;
        this.environment = environment;
    }

    /** The owner encoded in a compose project name drydock gave, for the reaper. */
    static Optional<Owner> ownerOfProject(String project) {
        Matcher m = PROJECT.matcher(project);
        return m.matches() ? Owner.parse(m.group(1)) : Optional.empty();
    }

    static Compose up(ContainerWorkspaceBackend backend, String runName, Path composeFile) {
        Path file = composeFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "compose file " + file + " does not exist");
        }
        String project = "drydock-" + backend.owner.label() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String config = run(backend, file, null, project, List.of("config"), "check").strip();
        Matcher forbidden = FORBIDDEN.matcher(config);
        if (forbidden.find()) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "compose file " + file + ": '" + forbidden.group(1).strip()
                    + "' is not allowed: an agent's services are reachable from its own run only");
        }
        List<String> services = run(backend, file, null, project, List.of("config", "--services"), "list").lines()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();

        try {
            backend.engine.client.createNetworkCmd().withName(project).withInternal(true)
                    .withLabels(Map.of(Owner.LABEL, backend.owner.label(), Owner.RUN_LABEL, runName)).exec();
        } catch (DockerException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot create the services' network " + project + ": " + e.getMessage(), e);
        }
        Path override;
        try {
            override = Files.createDirectories(backend.stateDirectory.resolve("compose")).resolve(project + ".yaml");
            StringBuilder text = new StringBuilder("services:\n");
            for (String service : services) {
                text.append("  ").append(service).append(":\n    labels:\n")
                        .append("      ").append(Owner.LABEL).append(": \"").append(backend.owner.label()).append("\"\n")
                        .append("      ").append(Owner.RUN_LABEL).append(": \"").append(runName.replace("\"", "")).append("\"\n");
            }
            text.append("networks:\n  default:\n    name: ").append(project).append("\n    external: true\n");
            Files.writeString(override, text);
        } catch (IOException e) {
            removeNetwork(backend, project);
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot write the compose override", e);
        }
        Compose compose = new Compose(backend, file, override, project, project, Map.of());
        try {
            run(backend, file, override, project, List.of("up", "--detach", "--build", "--no-color", "--quiet-pull"), "start");
            Map<String, String> environment = compose.addresses();
            log.info("started services {} of {} for {}", environment.get("DRYDOCK_SERVICES"), file.getFileName(), runName);
            return new Compose(backend, file, override, project, project, environment);
        } catch (RuntimeException e) {
            compose.down();
            throw e;
        }
    }

    /** {@code DRYDOCK_SERVICE_<NAME>} = its address on the services' network, and {@code DRYDOCK_SERVICES} listing them. */
    private Map<String, String> addresses() {
        Map<String, String> environment = new TreeMap<>();
        List<String> listed = new ArrayList<>();
        for (var container : backend.engine.client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT_LABEL, project)).exec()) {
            String service = container.getLabels().getOrDefault("com.docker.compose.service", container.getId());
            var inspected = backend.engine.client.inspectContainerCmd(container.getId()).exec();
            var endpoint = inspected.getNetworkSettings().getNetworks().get(network);
            if (endpoint == null || endpoint.getIpAddress() == null || endpoint.getIpAddress().isBlank()) {
                throw new DrydockException(ErrorCode.WORKSPACE, "service " + service + " has no address on " + network
                        + " (state " + inspected.getState().getStatus() + ")");
            }
            environment.put("DRYDOCK_SERVICE_" + service.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), endpoint.getIpAddress());
            listed.add(service + "=" + endpoint.getIpAddress());
        }
        if (listed.isEmpty()) {
            throw new DrydockException(ErrorCode.WORKSPACE, "the compose file " + file.getFileName() + " started no service");
        }
        java.util.Collections.sort(listed);
        environment.put("DRYDOCK_SERVICES", String.join(",", listed));
        return environment;
    }

    /** Stops and removes the services, their volumes and their network. Never throws. */
    void down() {
        try {
            run(backend, file, override, project, List.of("down", "--volumes", "--remove-orphans", "--timeout", "5"), "stop");
        } catch (RuntimeException e) {
            log.warn("cannot take down the services of {}: {}", project, e.getMessage());
            for (var container : backend.engine.client.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(PROJECT_LABEL, project)).exec()) {
                try {
                    backend.engine.client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                } catch (DockerException gone) {
                    log.debug("removing {}: {}", container.getId(), gone.getMessage());
                }
            }
        }
        removeNetwork(backend, project);
        try {
            Files.deleteIfExists(override);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", override, e.toString());
        }
    }

    private static void removeNetwork(ContainerWorkspaceBackend backend, String network) {
        try {
            backend.engine.client.removeNetworkCmd(network).exec();
        } catch (NotFoundException gone) {
            // never created or already removed
        } catch (DockerException e) {
            log.warn("cannot remove network {}: {}", network, e.getMessage());
        }
    }

    /** Runs {@code docker-compose} on the project against drydock's engine socket; its output, or a failure naming it. */
    private static String run(ContainerWorkspaceBackend backend, Path file, @org.jspecify.annotations.Nullable Path override,
            String project, List<String> arguments, String what) {
        List<String> command = new ArrayList<>(List.of(backend.config.composeCommand().split(" ")));
        command.addAll(List.of("--project-name", project, "--file", file.toString()));
        if (override != null) {
            command.addAll(List.of("--file", override.toString()));
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(file.getParent().toFile());
        builder.environment().put("DOCKER_HOST", "unix://" + backend.engine.socket);
        builder.environment().put("DRYDOCK_IMAGE", backend.image.name());
        builder.environment().put("COMPOSE_INTERACTIVE_NO_CLI", "1");
        Path output = null;
        try {
            output = Files.createTempFile(backend.stateDirectory, "compose-", ".log");
            builder.redirectErrorStream(true).redirectOutput(output.toFile());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new DrydockException(ErrorCode.WORKSPACE, "compose " + what + " of " + file + " ran past 15 minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String tail = text.strip();
                tail = tail.length() > 3000 ? "[...]" + tail.substring(tail.length() - 3000) : tail;
                throw new DrydockException(ErrorCode.WORKSPACE, "compose " + what + " of " + file + " failed with exit code "
                        + process.exitValue() + ":\n" + tail);
            }
            return text;
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "cannot run '" + backend.config.composeCommand()
                    + "' (install docker-compose, or name another with workspace: compose-command)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while compose ran", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a log in drydock's own folder
                }
            }
        }
    }
}
