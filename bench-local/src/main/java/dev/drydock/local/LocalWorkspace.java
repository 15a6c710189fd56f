package dev.drydock.local;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Isolation;
import dev.drydock.spi.BoundedOutput;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workspace in a temporary folder: {@code repo/} holds the checkout, {@code home/} is the
 * commands' {@code HOME}. Sandboxed commands see the folder at {@code /workspace/COMMIT} (the
 * project root {@code /workspace/COMMIT/repo}), whatever its real path. Every command runs in the
 * workspace's {@link Sandbox} (unless isolation is {@code none}), in its cgroup when there is one,
 * and starts in a session of its own ({@code setsid}), so its process group id is its pid and one
 * signal reaches everything it started.
 */
final class LocalWorkspace implements Workspace {
    private static final Logger log = LoggerFactory.getLogger(LocalWorkspace.class);
    /** How long output pipes may stay open after the command exited, held by a background child. */
    private static final Duration PIPE_GRACE = Duration.ofSeconds(2);

    private final Path folder;
    /** The folder as commands see it. */
    private final Path visible;
    private final Path checkout;
    private final Map<String, String> env;
    private final Duration killGrace;
    private final boolean keep;
    private final Consumer<LocalWorkspace> onClose;
    private final @Nullable Sandbox sandbox;
    private final Cgroups.@Nullable Group cgroup;
    private final Set<Long> processGroups = ConcurrentHashMap.newKeySet();
    private final Optional<Runnable> setupSaver;
    private final boolean restored;
    private volatile boolean closed;
    private volatile boolean agentRan;
    private boolean saved;

    /**
     * @param visible the folder as commands see it
     * @param setupSaver saves this workspace's setup, when setup snapshots are on and it did not start from one
     * @param restored whether it started from a saved setup
     */
    LocalWorkspace(
            Path folder,
            Path visible,
            Map<String, String> env,
            Duration killGrace,
            boolean keep,
            Consumer<LocalWorkspace> onClose,
            @Nullable Sandbox sandbox,
            Cgroups.@Nullable Group cgroup,
            Optional<Runnable> setupSaver,
            boolean restored) {
        this.folder = folder;
        this.visible = visible;
        this.sandbox = sandbox;
        this.cgroup = cgroup;
        this.checkout = folder.resolve("repo");
        this.setupSaver = setupSaver;
        this.restored = restored;
        this.env = Map.copyOf(env);
        this.killGrace = killGrace;
        this.keep = keep;
        this.onClose = onClose;
    }

    @Override
    public String id() {
        return folder.getFileName().toString();
    }

    @Override
    public String projectRoot() {
        return visible(checkout);
    }

    /** The path commands see for a path in the workspace folder. */
    private String visible(Path path) {
        return visible.resolve(folder.relativize(path)).toString();
    }

    @Override
    public boolean setupRestored() {
        return restored;
    }

    /**
     * Saves this workspace as the setup later ones start from, unless an agent ran in it, it started
     * from a saved setup itself, or the setup changed tracked files (the checkout check of a later
     * workspace would refuse it). git runs in the sandbox: the setup may have written {@code .git/config}.
     */
    @Override
    public synchronized boolean saveSetup() {
        ensureOpen();
        if (setupSaver.isEmpty() || restored || saved || agentRan) {
            return false;
        }
        ExecResult tracked = exec(ExecRequest.of("git -c core.fsmonitor=false status --porcelain --untracked-files=no",
                Duration.ofMinutes(5)).inPhase(ExecPhase.SETUP));
        if (!tracked.succeeded() || !tracked.stdout().isBlank()) {
            log.info("not saving the setup of {}: it changed tracked files", id());
            return false;
        }
        setupSaver.get().run();
        saved = true;
        return true;
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        ensureOpen();
        Path directory = resolve(request.workingDirectory());
        if (!Files.isDirectory(directory)) {
            throw new DrydockException(ErrorCode.WORKSPACE, "working directory does not exist: " + request.workingDirectory());
        }
        if (request.phase() == ExecPhase.AGENT) {
            agentRan = true;
        }
        List<String> argv = List.of("bash", "-c", request.command());
        if (sandbox != null) {
            argv = sandbox.wrap(argv, request.phase(), folder, visible, visible(directory), writeAccess(request));
        }
        if (cgroup != null) {
            argv = cgroup.wrap(argv);
        }
        try {
            return run(argv, directory, request.env(), request.timeout(), request.outputLimit());
        } finally {
            if (cgroup != null) {
                cgroup.killAll(); // nothing a command started outlives it
            }
        }
    }

    /**
     * The bind mounts that make the request's read-only paths read-only, its creatable folders
     * writable with each entry already in them read-only again, and its writable ones writable (in
     * that order: a later mount covers an earlier one). Each mount is its own mount point, so nothing
     * writable can hard-link a read-only file ({@code EXDEV}), and no entry that is one can be
     * removed or renamed ({@code EBUSY}). A writable path must be a real folder of the checkout: a
     * symbolic link the agent left there is removed first, or it would carry the mount elsewhere. A
     * creatable folder holding a symbolic link stays read-only (a link could not be kept as it is).
     */
    private List<String> writeAccess(ExecRequest request) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String path : request.readOnly()) {
                Path target = resolve(path);
                if (Files.exists(target, NOFOLLOW_LINKS) && !Files.isSymbolicLink(target)) {
                    mounts.addAll(List.of("--ro-bind", target.toString(), visible(target)));
                }
            }
            for (String path : expanded(request.creatable())) {
                Path folder = checkout.resolve(path).normalize();
                if (!Files.isDirectory(folder, NOFOLLOW_LINKS) || !folder.toRealPath().startsWith(checkout.toRealPath())) {
                    continue;
                }
                List<Path> entries;
                try (Stream<Path> listing = Files.list(folder)) {
                    entries = listing.sorted().toList();
                }
                if (entries.stream().anyMatch(Files::isSymbolicLink)) {
                    log.info("{} holds a symbolic link: it stays read-only for the tests", path);
                    continue;
                }
                mounts.addAll(List.of("--bind", folder.toString(), visible(folder)));
                for (Path entry : entries) {
                    mounts.addAll(List.of("--ro-bind", entry.toString(), visible(entry)));
                }
            }
            for (String path : expanded(request.writable())) {
                Path target = checkout.resolve(path).normalize();
                for (Path part = checkout; !part.equals(target); ) {
                    part = part.resolve(target.getName(part.getNameCount()));
                    if (Files.exists(part, NOFOLLOW_LINKS) && !Files.isDirectory(part, NOFOLLOW_LINKS)) {
                        Files.delete(part); // a symbolic link or a file where a writable folder goes
                    }
                }
                Files.createDirectories(target);
                mounts.addAll(List.of("--bind", target.toString(), visible(target)));
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot prepare the writable paths " + request.writable(), e);
        }
        return mounts;
    }

    /**
     * The writable paths with each one holding a {@code *} replaced by the real folders of the
     * checkout it matches ({@code &#42;/target}: every module's build folder); those are never created.
     */
    private List<String> expanded(List<String> writable) throws IOException {
        List<String> paths = new ArrayList<>();
        for (String path : writable) {
            if (!path.contains("*")) {
                paths.add(path);
                continue;
            }
            PathMatcher matcher = checkout.getFileSystem().getPathMatcher("glob:" + path);
            int depth = path.split("/").length;
            try (Stream<Path> folders = Files.walk(checkout, depth)) {
                folders.filter(folder -> Files.isDirectory(folder, NOFOLLOW_LINKS))
                        .map(checkout::relativize)
                        .filter(relative -> relative.getNameCount() == depth && matcher.matches(relative))
                        .filter(relative -> !relative.startsWith(".git"))
                        .map(Path::toString).sorted().forEach(paths::add);
            }
        }
        return paths;
    }

    @Override
    public Isolation isolation() {
        return sandbox == null ? Isolation.NONE : sandbox.isolation(cgroup == null ? Limits.none("no cgroup") : cgroup.limits());
    }

    /** Runs {@code argv} as it is (not sandboxed): for drydock's own commands on its own files, such as the clone. */
    ExecResult run(List<String> argv, Path directory, Map<String, String> extraEnv, Duration timeout, int outputLimit) {
        List<String> line = new ArrayList<>(List.of("setsid"));
        line.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot start bash in " + directory, e);
        }
        long group = process.pid();
        processGroups.add(group);
        try {
            process.getOutputStream().close(); // no standard input: a command that asks for input gets EOF
        } catch (IOException ignored) {
            // the process already exited
        }
        BoundedOutput stdout = new BoundedOutput(outputLimit);
        BoundedOutput stderr = new BoundedOutput(outputLimit);
        Thread outReader = reader(() -> stdout.drain(process.getInputStream()), "stdout", group);
        Thread errReader = reader(() -> stderr.drain(process.getErrorStream()), "stderr", group);
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                signalGroup(group, "TERM");
                if (!process.waitFor(killGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    killTree(process, group);
                }
                process.waitFor();
            }
            join(outReader, errReader, PIPE_GRACE);
            if (outReader.isAlive() || errReader.isAlive()) {
                // a background child still holds the pipes: it does not outlive the command
                killTree(process, group);
                join(outReader, errReader, PIPE_GRACE);
            }
        } catch (InterruptedException e) {
            killTree(process, group);
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while running a command", e);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        Optional<Integer> exitCode = timedOut ? Optional.empty() : Optional.of(process.exitValue());
        return new ExecResult(
                exitCode, stdout.text(), stderr.text(), stdout.dropped() + stderr.dropped(), duration, timedOut);
    }

    private static Thread reader(Runnable drain, String stream, long group) {
        Thread thread = new Thread(drain, "drydock-" + stream + "-" + group);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void join(Thread a, Thread b, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        a.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        b.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }

    /** SIGKILL to the process group, then to any descendant that left it (e.g. by its own setsid). */
    private void killTree(Process process, long group) {
        List<ProcessHandle> descendants = process.descendants().toList();
        signalGroup(group, "KILL");
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void signalGroup(long group, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + group)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("cannot signal process group {}: {}", group, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public byte[] readFile(String path) {
        ensureOpen();
        Path file = resolve(path);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot read " + path + " in workspace " + id() + ": " + e, e);
        }
    }

    @Override
    public InputStream openFile(String path) {
        ensureOpen();
        Path file = resolve(path);
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot read " + path + " in workspace " + id() + ": " + e, e);
        }
    }

    @Override
    public void writeFile(String path, byte[] content) {
        ensureOpen();
        Path file = resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot write " + path + " in workspace " + id() + ": " + e, e);
        }
    }

    @Override
    public boolean exists(String path) {
        ensureOpen();
        return Files.exists(resolve(path), NOFOLLOW_LINKS);
    }

    /** Resolves a checkout-relative path, refusing anything that leads outside the checkout, symlinks included. */
    Path resolve(String path) {
        Path relative = Path.of(path);
        if (relative.isAbsolute()) {
            throw escape(path, "absolute paths are not allowed; give a path relative to the project root");
        }
        Path resolved = checkout.resolve(relative).normalize();
        if (!resolved.startsWith(checkout)) {
            throw escape(path, "it leads outside the project root");
        }
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            if (existing != null && !existing.toRealPath().startsWith(checkout.toRealPath())) {
                throw escape(path, "a symbolic link leads outside the project root");
            }
        } catch (IOException e) {
            throw escape(path, "it cannot be resolved: " + e.getMessage());
        }
        return resolved;
    }

    private DrydockException escape(String path, String why) {
        return new DrydockException(ErrorCode.WORKSPACE, "refused path '" + path + "' in workspace " + id() + ": " + why);
    }

    private void ensureOpen() {
        if (closed) {
            throw new DrydockException(ErrorCode.WORKSPACE, "workspace " + id() + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        processGroups.forEach(group -> signalGroup(group, "KILL"));
        if (cgroup != null) {
            cgroup.remove();
        }
        onClose.accept(this);
        if (keep) {
            log.info("kept workspace folder {}", folder);
            return;
        }
        delete(folder);
    }

    /** Deletes a folder tree; logs what it could not delete. */
    static void delete(Path folder) {
        try {
            // chmod first: tools such as Go leave read-only folders that rm alone cannot empty
            Process rm = new ProcessBuilder("bash", "-c", "chmod -R u+w \"$1\" 2>/dev/null; rm -rf \"$1\"", "rm", folder.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(rm.getInputStream().readAllBytes());
            if (rm.waitFor() != 0 || Files.exists(folder)) {
                log.warn("could not delete folder {}: {}", folder, output.strip());
            }
        } catch (IOException e) {
            log.warn("could not delete folder {}: {}", folder, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalWorkspace[" + folder + "]";
    }
}
