package dev.drydock.derrick;

import dev.drydock.api.Isolation;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A workspace served by one Derrick. Derrick's semantics are kept, not hidden: in local mode a
 * command that exits non-zero comes back as HTTP 500 without its exit code or output, so the result
 * says "exit code unknown" and carries the part of Derrick's log written meanwhile (where Derrick
 * logs the command's stdout and stderr); a command past its time limit cannot be stopped through
 * Derrick, so drydock stops Derrick, which ends the workspace, and says so.
 */
final class DerrickWorkspace implements Workspace {
    private final String name;
    private final DerrickClient client;
    private final DerrickConfig.Mode mode;
    private final String workspaceId;
    private final String projectRoot;
    private final Map<String, String> env;
    private final Lifecycle lifecycle;
    private boolean closed;
    private String ended = "";
    private @Nullable String realRoot;

    /** What the workspace's Derrick is, as far as the workspace needs it: its log and its end. */
    interface Lifecycle {
        long logSize();

        String logSince(long offset);

        /** Stops Derrick (and what it runs); the workspace cannot be used afterwards. */
        void end();

        /** Releases everything: Derrick, its folder, the host lock. Called once. */
        void close();
    }

    DerrickWorkspace(String name, DerrickClient client, DerrickConfig.Mode mode, String workspaceId, String projectRoot,
            Map<String, String> env, Lifecycle lifecycle) {
        this.name = name;
        this.client = client;
        this.mode = mode;
        this.workspaceId = workspaceId;
        this.projectRoot = projectRoot;
        this.env = Map.copyOf(env);
        this.lifecycle = lifecycle;
    }

    /**
     * Derrick's local mode runs commands as Derrick's own user on the host, unconfined; docker mode
     * confines them to a container, whose limits drydock does not set or check.
     */
    @Override
    public Isolation isolation() {
        if (mode == DerrickConfig.Mode.DOCKER) {
            return new Isolation("derrick-docker", java.util.List.of("pid-namespace", "mount-namespace", "private-tmp"),
                    java.util.List.of("non-root-user: not checked", "memory-limit: not set", "process-limit: not set",
                            "network-policy: the container's default network", "read-only-paths: not enforced"),
                    Isolation.everyPhase("open"), java.util.Optional.empty(), java.util.Optional.empty());
        }
        return new Isolation("derrick-local", java.util.List.of(),
                java.util.List.of("sandbox: derrick's local mode runs commands unconfined as its own user on the host",
                        "processes-end-with-command: background processes may outlive a command", "read-only-paths: not enforced",
                        "memory-limit: none", "process-limit: none", "network-policy: the host's network"),
                Isolation.everyPhase("open"), java.util.Optional.empty(), java.util.Optional.empty());
    }

    @Override
    public String id() {
        return name;
    }

    @Override
    public String projectRoot() {
        return projectRoot;
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        ensureUsable();
        String directory = request.workingDirectory().isEmpty() ? "" : checkedRelative(request.workingDirectory());
        Map<String, String> variables = new TreeMap<>(env);
        variables.putAll(request.env());
        long logFrom = lifecycle.logSize();
        long started = System.nanoTime();
        String command = request.command();
        Optional<String> workingDir;
        if (mode == DerrickConfig.Mode.DOCKER) {
            // docker mode ignores working_dir and runs in /
            command = "cd " + quote(projectRoot + (directory.isEmpty() ? "" : "/" + directory)) + " && " + command;
            workingDir = Optional.empty();
        } else {
            workingDir = Optional.of(directory.isEmpty() ? "repo" : "repo/" + directory);
        }
        long seconds = Math.max(1, (request.timeout().toMillis() + 999) / 1000);
        DerrickClient.Answer answer = client.command(workspaceId, command, workingDir, variables, Optional.of(seconds),
                request.timeout());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (answer.timedOut()) {
            // Derrick cannot cancel a command (and local mode ignores the time limit): stop Derrick
            ended = "a command ran past its time limit of " + request.timeout() + " and drydock stopped Derrick";
            String log = lifecycle.logSince(logFrom);
            lifecycle.end();
            return new ExecResult(Optional.empty(), "", "drydock: the command ran past its time limit of "
                    + request.timeout() + "; Derrick cannot stop a command, so drydock stopped Derrick, which ends this"
                    + " workspace\n" + log, 0, took, true);
        }
        if (answer.noAnswer().isPresent()) {
            throw gone(answer, logFrom);
        }
        if (answer.ok()) {
            String output = answer.json().path("output").asText("");
            int exitCode = answer.json().path("exit_code").asInt(0);
            Capped stdout = Capped.of(output, request.outputLimit());
            boolean timedOut = mode == DerrickConfig.Mode.DOCKER && exitCode == 124;
            return new ExecResult(timedOut ? Optional.empty() : Optional.of(exitCode), stdout.text(), "", stdout.dropped(),
                    took, timedOut);
        }
        // local mode: a non-zero exit is HTTP 500; exit code and output are only in Derrick's log
        Capped log = Capped.of("derrick: the command failed (HTTP " + answer.status() + "); Derrick does not report the"
                + " exit code, its log says:\n" + lifecycle.logSince(logFrom), request.outputLimit());
        return new ExecResult(Optional.empty(), "", log.text(), log.dropped(), took, false);
    }

    @Override
    public byte[] readFile(String path) {
        String target = confined(path);
        DerrickClient.Answer answer = client.readFile(workspaceId, target);
        if (!answer.ok()) {
            long from = lifecycle.logSize();
            throw answer.noAnswer().isPresent() ? gone(answer, from)
                    : new DrydockException(ErrorCode.WORKSPACE, "cannot read " + path + " in workspace " + name + ": derrick "
                            + answer.text());
        }
        return answer.body();
    }

    @Override
    public void writeFile(String path, byte[] content) {
        String target = confined(path);
        DerrickClient.Answer answer = client.writeFile(workspaceId, target, content);
        if (!answer.ok()) {
            throw answer.noAnswer().isPresent() ? gone(answer, lifecycle.logSize())
                    : new DrydockException(ErrorCode.WORKSPACE, "cannot write " + path + " in workspace " + name + ": derrick "
                            + answer.text());
        }
    }

    @Override
    public boolean exists(String path) {
        String target = confined(path);
        return probe("test -e " + quote(target) + " && echo yes || echo no").strip().equals("yes");
    }

    /**
     * The path as Derrick wants it, once it is known to stay inside the project: no absolute paths,
     * no {@code ..} out, and no symbolic link out (resolved by {@code realpath} in the workspace).
     */
    private String confined(String path) {
        ensureUsable();
        String relative = checkedRelative(path);
        String target = mode == DerrickConfig.Mode.DOCKER ? projectRoot + "/" + relative : "repo/" + relative;
        String real = probe("realpath -m -- " + quote(target)).strip();
        String root = realRoot();
        if (!(real.equals(root) || real.startsWith(root + "/"))) {
            throw refused(path, "a symbolic link leads outside the project root");
        }
        return target;
    }

    /** The project root as {@code realpath} sees it; it does not change, so it is asked once. */
    private synchronized String realRoot() {
        if (realRoot == null) {
            realRoot = probe("realpath -m -- " + quote(mode == DerrickConfig.Mode.DOCKER ? projectRoot : "repo")).strip();
        }
        return realRoot;
    }

    private String checkedRelative(String path) {
        if (path.indexOf('\0') >= 0) {
            throw refused(path, "it contains a NUL character");
        }
        Path relative = Path.of(path);
        if (relative.isAbsolute()) {
            throw refused(path, "absolute paths are not allowed; give a path relative to the project root");
        }
        Path normalized = relative.normalize();
        if (normalized.startsWith("..")) {
            throw refused(path, "it leads outside the project root");
        }
        return normalized.toString();
    }

    /** A command of drydock's own that must succeed; its stdout. */
    private String probe(String command) {
        long logFrom = lifecycle.logSize();
        DerrickClient.Answer answer = client.command(workspaceId, command, Optional.empty(), env, Optional.of(60L),
                Duration.ofSeconds(60));
        if (answer.noAnswer().isPresent()) {
            throw gone(answer, logFrom);
        }
        if (!answer.ok()) {
            throw new DrydockException(ErrorCode.WORKSPACE, "derrick could not run '" + command + "' in workspace " + name
                    + ": " + answer.text() + "\n" + lifecycle.logSince(logFrom));
        }
        return answer.json().path("output").asText("");
    }

    private DrydockException gone(DerrickClient.Answer answer, long logFrom) {
        return new DrydockException(ErrorCode.WORKSPACE, "derrick stopped answering in workspace " + name + " ("
                + answer.noAnswer().orElse("") + "); it may have been killed. Its log ends with:\n" + lifecycle.logSince(logFrom));
    }

    private void ensureUsable() {
        if (closed) {
            throw new DrydockException(ErrorCode.WORKSPACE, "workspace " + name + " is closed");
        }
        if (!ended.isEmpty()) {
            throw new DrydockException(ErrorCode.WORKSPACE, "workspace " + name + " has ended: " + ended);
        }
    }

    private DrydockException refused(String path, String why) {
        return new DrydockException(ErrorCode.WORKSPACE, "refused path '" + path + "' in workspace " + name + ": " + why);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lifecycle.close();
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** Output kept within a limit: the first and last halves, and how much was dropped between. */
    record Capped(String text, long dropped) {
        static Capped of(String output, int limit) {
            byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
            if (bytes.length <= limit) {
                return new Capped(output, 0);
            }
            int half = limit / 2;
            long dropped = bytes.length - 2L * half;
            return new Capped(new String(bytes, 0, half, StandardCharsets.UTF_8) + "\n[drydock: " + dropped
                    + " bytes of output dropped]\n" + new String(bytes, bytes.length - half, half, StandardCharsets.UTF_8), dropped);
        }
    }
}
