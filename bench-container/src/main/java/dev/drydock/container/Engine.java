package dev.drydock.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container engine drydock talks to through the Docker Engine API: a socket the configuration
 * names or the environment offers, or a podman service drydock starts for itself. A started service
 * reads its standard input from drydock and is stopped when that closes, so it ends with drydock
 * even after {@code kill -9}.
 */
final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    private static final List<String> WELL_KNOWN_SOCKETS = List.of("/run/podman/podman.sock", "/var/run/docker.sock");

    /**
     * What drydock's own podman service runs with: runc and cgroupfs (crun fails on hybrid cgroup
     * layouts), no inherited ulimits, events in a file (no journald on such machines), and exec
     * sessions cleaned up 5 s after they end rather than 5 minutes (each keeps a conmon process until then).
     */
    static final String CONTAINERS_CONF = """
            [containers]
            default_ulimits = []
            [engine]
            runtime = "runc"
            cgroup_manager = "cgroupfs"
            events_logger = "file"
            exit_command_delay = 5
            """;

    private static final java.util.concurrent.atomic.AtomicInteger SERVICES = new java.util.concurrent.atomic.AtomicInteger();

    final DockerClient client;
    final String socket;
    final boolean podman;
    final String version;
    private final @Nullable Process service;
    private final @Nullable OutputStream serviceLifeline;

    private Engine(DockerClient client, String socket, @Nullable Process service) {
        this.client = client;
        this.socket = socket;
        this.service = service;
        this.serviceLifeline = service == null ? null : service.getOutputStream();
        var info = client.versionCmd().exec();
        this.podman = info.getComponents() != null
                && info.getComponents().stream().anyMatch(c -> c.getName() != null && c.getName().toLowerCase(java.util.Locale.ROOT).contains("podman"));
        this.version = (podman ? "podman " : "docker ") + info.getVersion() + " (API " + info.getApiVersion() + ")";
    }

    /** The default network of the engine: the one with a route out. */
    String defaultNetwork() {
        return podman ? "podman" : "bridge";
    }

    static Engine connect(Optional<String> configured, Map<String, String> hostEnv, Path stateDirectory) {
        if (configured.isPresent()) {
            String socket = socketPath(configured.get());
            return open(socket, null).orElseThrow(() -> new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "no container engine answers on " + socket + " (workspace: socket); start one, e.g. `podman system "
                            + "service --time=0 unix://" + socket + "`"));
        }
        List<String> candidates = new ArrayList<>();
        Optional.ofNullable(hostEnv.get("DOCKER_HOST")).filter(h -> h.startsWith("unix://")).ifPresent(h -> candidates.add(socketPath(h)));
        candidates.addAll(WELL_KNOWN_SOCKETS);
        for (String socket : candidates) {
            if (Files.exists(Path.of(socket))) {
                Optional<Engine> engine = open(socket, null);
                if (engine.isPresent()) {
                    return engine.get();
                }
            }
        }
        return startPodman(stateDirectory);
    }

    private static String socketPath(String address) {
        return address.startsWith("unix://") ? address.substring("unix://".length()) : address;
    }

    private static Optional<Engine> open(String socket, @Nullable Process service) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + socket).build();
        var http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create("unix://" + socket))
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofMinutes(30))
                .maxConnections(64)
                .build();
        DockerClient client = DockerClientImpl.getInstance(config, http);
        try {
            client.pingCmd().exec();
            return Optional.of(new Engine(client, socket, service));
        } catch (RuntimeException e) {
            log.debug("no engine on {}: {}", socket, e.toString());
            try {
                client.close();
            } catch (IOException ignored) {
                // nothing to release
            }
            return Optional.empty();
        }
    }

    private static Engine startPodman(Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
            Path conf = stateDirectory.resolve("containers.conf");
            Files.writeString(conf, CONTAINERS_CONF);
            // one service per engine: two backends of one drydock each have their own
            Path socket = stateDirectory.resolve("podman-" + ProcessHandle.current().pid() + "-" + SERVICES.incrementAndGet() + ".sock");
            Files.deleteIfExists(socket);
            // the service ends when its standard input does: when drydock closes it or dies
            ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                    "podman system service --time=0 \"unix://$1\" & service=$!; cat > /dev/null; kill $service; wait $service",
                    "podman-service", socket.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(socket.resolveSibling(socket.getFileName() + ".log").toFile());
            builder.environment().put("CONTAINERS_CONF", conf.toString());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw unavailable("cannot start bash for the podman service", e);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (Files.exists(socket)) {
                    Optional<Engine> engine = open(socket.toString(), process);
                    if (engine.isPresent()) {
                        log.info("started a podman service on {}", socket);
                        return engine.get();
                    }
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            Path log = socket.resolveSibling(socket.getFileName() + ".log");
            String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
            throw unavailable("no container engine: no socket answers (DOCKER_HOST, " + String.join(", ", WELL_KNOWN_SOCKETS)
                    + ") and podman could not be started" + (output.isEmpty() ? "" : ": " + output), null);
        } catch (IOException e) {
            throw unavailable("cannot prepare " + stateDirectory + " for the podman service", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while starting the podman service", e);
        }
    }

    private static DrydockException unavailable(String message, @Nullable Exception cause) {
        String hint = "; install podman (`apt-get install podman runc debootstrap`) or name a Docker or podman socket "
                + "with workspace: socket";
        return cause == null
                ? new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, message + hint)
                : new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, message + hint, cause);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            log.debug("closing the engine client: {}", e.toString());
        }
        if (service != null && serviceLifeline != null) {
            try {
                serviceLifeline.close();
                if (!service.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    service.destroyForcibly();
                }
            } catch (IOException e) {
                service.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                service.destroyForcibly();
            }
        }
    }
}
