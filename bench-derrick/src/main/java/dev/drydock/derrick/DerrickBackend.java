package dev.drydock.derrick;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions each workspace with a Derrick of its own: wait for the host lock, check the port is
 * free, write the config, start Derrick, wait for {@code /health}, create the workspace, pin the
 * commit (Derrick clones the default branch). Closing stops Derrick, keeps its log (redacted),
 * deletes the folder and, in docker mode, the workspace and any container left under its name.
 */
final class DerrickBackend implements WorkspaceBackend {
    private static final Logger log = LoggerFactory.getLogger(DerrickBackend.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration HEALTH_POLL = Duration.ofMillis(200);

    private final DerrickConfig config;
    private final ProviderContext context;
    private final Map<String, String> commandEnv;

    DerrickBackend(DerrickConfig config, ProviderContext context, Map<String, String> commandEnv) {
        this.config = config;
        this.context = context;
        this.commandEnv = Map.copyOf(commandEnv);
    }

    @Override
    public Workspace provision(WorkspaceSpec spec) {
        HostLock lock = HostLock.acquire(config.port(), config.lockTimeout());
        Path folder = null;
        DerrickProcess process = null;
        try {
            DerrickProcess.requireFreePort(config.port());
            folder = Files.createTempDirectory("drydock-derrick-").toRealPath();
            Path home = Files.createDirectories(folder.resolve("home"));
            String name = "drydock-" + spec.name().replaceAll("[^A-Za-z0-9_-]", "-");
            ObjectNode workspaceConfig = MAPPER.createObjectNode().put("name", name).put("setup_script", "true");
            workspaceConfig.putArray("repositories").addObject().put("url", spec.repository()).put("path", "/repo");
            Files.writeString(folder.resolve("config.json"), workspaceConfig.toString(), StandardCharsets.UTF_8);

            Map<String, String> derrickEnv = new TreeMap<>();
            Stream.of("PATH", "CARGO_HOME", "RUST_HOME", "RUST_VERSION")
                    .forEach(key -> Optional.ofNullable(commandEnv.get(key)).ifPresent(value -> derrickEnv.put(key, value)));
            process = DerrickProcess.start(config.binary(), config.mode(), folder, derrickEnv);
            DerrickClient client = new DerrickClient(URI.create("http://127.0.0.1:" + config.port()));
            awaitHealthy(process, client);

            Map<String, String> env = new LinkedHashMap<>(commandEnv);
            env.put("HOME", config.mode() == DerrickConfig.Mode.DOCKER ? "/root" : home.toString());
            env.putAll(config.env());
            env.putAll(spec.env());
            DerrickProcess started = process;
            long logFrom = started.logSize();
            DerrickClient.Answer created = client.createWorkspace(env, Duration.ofMinutes(30));
            if (!created.ok()) {
                throw new DrydockException(ErrorCode.REPOSITORY, "derrick could not create the workspace (cloning "
                        + spec.repository() + "): " + created.text() + "\n" + context.redact(started.logSince(logFrom)));
            }
            String id = created.json().path("id").asText();
            String projectRoot = config.mode() == DerrickConfig.Mode.DOCKER
                    ? "/repo"
                    : folder.resolve("tmp").resolve(name + "-" + started.pid()).resolve("repo").toString();
            Path logs = context.baseDirectory().resolve(config.logDir());
            DerrickWorkspace workspace = new DerrickWorkspace(spec.name(), client, config.mode(), id, projectRoot, env,
                    new Lifecycle(started, folder, client, id, name, lock, logs.resolve(spec.name() + ".log")));
            // Derrick clones the default branch and never checks out a reference: pin the commit here
            var pinned = workspace.exec(dev.drydock.spi.ExecRequest.of("git checkout -q --detach "
                    + DerrickWorkspace.quote(spec.commit()), Duration.ofMinutes(5)));
            if (!pinned.succeeded()) {
                workspace.close();
                throw new PinFailure(new DrydockException(ErrorCode.REPOSITORY, "commit " + spec.commit() + " is not in "
                        + spec.repository() + ": " + context.redact(pinned.stderr())));
            }
            return workspace;
        } catch (IOException e) {
            cleanUp(process, folder, lock);
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot prepare a Derrick folder: " + e.getMessage(), e);
        } catch (PinFailure e) {
            throw e.error; // the workspace's close() has cleaned up
        } catch (DrydockException e) {
            cleanUp(process, folder, lock);
            throw e;
        } catch (RuntimeException e) {
            cleanUp(process, folder, lock);
            throw e;
        }
    }

    private void awaitHealthy(DerrickProcess process, DerrickClient client) {
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "derrick exited while starting; its log:\n"
                        + context.redact(process.logSince(0)));
            }
            if (client.healthy()) {
                return;
            }
            sleep(HEALTH_POLL);
        }
        throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "derrick did not answer /health within "
                + config.startupTimeout() + "; its log:\n" + context.redact(process.logSince(0)));
    }

    private void cleanUp(DerrickProcess process, Path folder, HostLock lock) {
        try {
            if (process != null) {
                process.stop();
            }
            if (folder != null) {
                deleteTree(folder);
            }
        } finally {
            lock.release();
        }
    }

    /** The end of a workspace: Derrick stopped, its log kept, its folder gone, the host lock released. */
    private final class Lifecycle implements DerrickWorkspace.Lifecycle {
        private final DerrickProcess process;
        private final Path folder;
        private final DerrickClient client;
        private final String id;
        private final String name;
        private final HostLock lock;
        private final Path keptLog;

        Lifecycle(DerrickProcess process, Path folder, DerrickClient client, String id, String name, HostLock lock, Path keptLog) {
            this.process = process;
            this.folder = folder;
            this.client = client;
            this.id = id;
            this.name = name;
            this.lock = lock;
            this.keptLog = keptLog;
        }

        @Override
        public long logSize() {
            return process.logSize();
        }

        @Override
        public String logSince(long offset) {
            return context.redact(process.logSince(offset));
        }

        @Override
        public void end() {
            process.stop();
        }

        @Override
        public void close() {
            try {
                if (config.mode() == DerrickConfig.Mode.DOCKER && process.alive()) {
                    DerrickClient.Answer deleted = client.deleteWorkspace(id);
                    if (!deleted.ok()) {
                        log.warn("derrick did not delete workspace {}: {}", id, deleted.text());
                    }
                }
                process.stop();
                if (config.mode() == DerrickConfig.Mode.DOCKER) {
                    removeContainers(name);
                }
                keepLog();
                deleteTree(folder);
            } finally {
                lock.release();
            }
        }

        private void keepLog() {
            try {
                Files.createDirectories(keptLog.getParent());
                String text = new String(Files.readAllBytes(process.logFile()), StandardCharsets.UTF_8);
                Files.writeString(keptLog, context.redact(text.replaceAll("\u001B\\[[0-9;]*m", "")), StandardCharsets.UTF_8);
            } catch (IOException | UncheckedIOException e) {
                log.warn("cannot keep Derrick's log at {}: {}", keptLog, e.toString());
            }
        }
    }

    /** Containers Derrick leaves when it is stopped, found by the name prefix it gives them. */
    private static void removeContainers(String name) {
        try {
            Process list = new ProcessBuilder("docker", "ps", "-aq", "--filter", "name=^" + name + "-").start();
            String ids = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            list.waitFor(30, TimeUnit.SECONDS);
            if (!ids.isEmpty()) {
                java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("docker", "rm", "-f"));
                command.addAll(java.util.List.of(ids.split("\\s+")));
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(60, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            log.warn("cannot remove Derrick's containers named {}-*: {}", name, e.toString());
        }
    }

    private static void deleteTree(Path folder) {
        try {
            Process rm = new ProcessBuilder("bash", "-c", "chmod -R u+w \"$1\" 2>/dev/null; rm -rf \"$1\"", "rm", folder.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            rm.waitFor(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            log.warn("cannot delete {}: {}", folder, e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {}

    /** The commit could not be pinned after the workspace was complete (and is closed again). */
    private static final class PinFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient DrydockException error;

        PinFailure(DrydockException error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }
    }
}
