package dev.drydock.container;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Isolation;
import dev.drydock.spi.BoundedOutput;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.ExecRequest;
import dev.drydock.spi.ExecResult;
import dev.drydock.spi.NetworkPolicy;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container holding a checkout at {@code /workspace/COMMIT12}. Its first process only waits on
 * a lifeline, a FIFO drydock holds open: when drydock closes it or dies, that process ends and with
 * it the container's PID namespace and everything in it. Commands run as the non-root user through
 * {@code exec}; after each, whatever it left running is killed. File access goes through the
 * container, with paths resolved there, so a symbolic link cannot lead drydock outside the checkout.
 */
final class ContainerWorkspace implements Workspace {
    private static final Logger log = LoggerFactory.getLogger(ContainerWorkspace.class);
    private static final String LIFELINE = "/run/drydock-lifeline";
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration FILE_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_FILE_BYTES = 512 << 20;

    private final ContainerWorkspaceBackend backend;
    private final String containerId;
    private final String name;
    private final String root;
    private final @Nullable String snapshotKey;
    private final boolean restored;
    private final Path lifelinePath;
    private final RandomAccessFile lifeline;
    private final Set<String> networks = new LinkedHashSet<>();
    /** The variables every command gets, beneath the request's own. */
    private final Map<String, String> env;
    private volatile boolean closed;
    private @Nullable Optional<Path> cgroupProcs;
    /** The runtime's state folder of this container when drydock may call {@code runc} itself; null to go through the engine. */
    private @Nullable String runcRoot;
    private long initPid = -1;
    private boolean agentRan;
    private @Nullable Compose services;
    private boolean saved;

    private ContainerWorkspace(ContainerWorkspaceBackend backend, String containerId, String name, String root,
            @Nullable String snapshotKey, boolean restored, Path lifelinePath, RandomAccessFile lifeline, String network,
            Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.backend = backend;
        this.containerId = containerId;
        this.name = name;
        this.root = root;
        this.snapshotKey = snapshotKey;
        this.restored = restored;
        this.lifelinePath = lifelinePath;
        this.lifeline = lifeline;
        this.networks.add(network);
    }

    static ContainerWorkspace create(ContainerWorkspaceBackend backend, WorkspaceSpec spec) {
        ContainerWorkspaceConfig config = backend.config;
        String key = config.snapshots() && !spec.setup().isBlank()
                ? Images.hash(backend.image.id(), spec.setupKey(),
                        config.setupNetwork().label(), String.valueOf(config.uid()))
                : null;
        String snapshot = key == null ? null : "localhost/drydock-setup:" + key;
        Optional<Images.Image> start = snapshot == null ? Optional.empty() : new Images(backend.engine, backend.stateDirectory).find(snapshot);
        String root = "/workspace/" + spec.commit().substring(0, Math.min(12, spec.commit().length()));
        String name = "drydock-" + safe(spec.name()) + "-" + UUID.randomUUID().toString().substring(0, 8);

        // the container itself has only the fixed variables, so a snapshot of it carries nothing of this run's
        Map<String, String> fixed = Map.of("HOME", "/home/drydock", "USER", "drydock", "PATH", PATH);
        Map<String, String> env = new TreeMap<>(fixed);
        env.putAll(backend.commandEnv);
        env.putAll(spec.env());

        Path fifo;
        RandomAccessFile lifeline;
        try {
            fifo = backend.lifelines().resolve(name + ".fifo");
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "0644", fifo.toString()).redirectErrorStream(true).start();
            if (mkfifo.waitFor() != 0) {
                throw new DrydockException(ErrorCode.WORKSPACE, "mkfifo " + fifo + " failed: "
                        + new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
            // read-write: opening never blocks, and the FIFO's last writer goes away only with drydock
            lifeline = new RandomAccessFile(fifo.toFile(), "rw");
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot make the lifeline of workspace " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted", e);
        }

        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(backend.internalNetwork)
                .withBinds(new Bind(fifo.toString(), new Volume(LIFELINE), AccessMode.ro))
                .withCapDrop(Capability.ALL)
                .withCapAdd(Capability.KILL)
                .withSecurityOpts(List.of("no-new-privileges"));
        config.memoryLimitBytes().ifPresent(bytes -> host.withMemory(bytes).withMemorySwap(bytes));
        if (config.processLimit() > 0) {
            host.withPidsLimit((long) config.processLimit());
        }
        if (config.cpus() > 0) {
            host.withNanoCPUs((long) (config.cpus() * 1e9));
        }
        String containerId;
        try {
            containerId = backend.engine.client.createContainerCmd(start.map(Images.Image::id).orElse(backend.image.id()))
                    .withName(name)
                    .withHostName("workspace")
                    .withLabels(Map.of(Owner.LABEL, backend.owner.label(), Owner.RUN_LABEL, spec.name(),
                            Images.KIND_LABEL, "workspace"))
                    .withUser(String.valueOf(config.uid()))
                    .withEnv(fixed.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withWorkingDir("/workspace")
                    .withCmd("bash", "-c", "exec cat " + LIFELINE + " > /dev/null")
                    .withHostConfig(host)
                    .exec()
                    .getId();
        } catch (DockerException e) {
            closeQuietly(lifeline, fifo);
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot create a container from "
                    + start.orElse(backend.image).describe() + ": " + e.getMessage(), e);
        }
        ContainerWorkspace workspace = new ContainerWorkspace(backend, containerId, name, root, key, start.isPresent(), fifo,
                lifeline, backend.internalNetwork, env);
        try {
            backend.engine.client.startContainerCmd(containerId).exec();
            workspace.runcRoot = backend.runcRoot(containerId).orElse(null);
            if (start.isEmpty()) {
                workspace.copyCheckout(spec);
            }
        } catch (RuntimeException e) {
            workspace.close();
            if (e instanceof DrydockException) {
                throw e;
            }
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot start workspace container " + name + ": " + e.getMessage(), e);
        }
        log.debug("workspace {} in container {} from {}", name, containerId, start.isPresent() ? snapshot : backend.image.name());
        return workspace;
    }

    /** Clones the repository on the host (drydock's own git on its own cache) and copies the checkout in, owned by the user. */
    private void copyCheckout(WorkspaceSpec spec) {
        Path clone = null;
        try {
            clone = Files.createTempDirectory(backend.stateDirectory, "clone-");
            boolean local = !spec.repository().contains("://");
            String script = "git clone --quiet --no-checkout " + (local ? "--no-hardlinks " : "") + "\"$1\" \"$2\""
                    + " && cd \"$2\" && git checkout --quiet --detach \"$3\""
                    + " && git config user.name drydock-agent && git config user.email agent@drydock.invalid";
            ProcessBuilder git = new ProcessBuilder("bash", "-c", script, "clone", spec.repository(),
                    clone.resolve("repo").toString(), spec.commit()).redirectErrorStream(true);
            git.environment().put("GIT_TERMINAL_PROMPT", "0");
            Process process = git.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new DrydockException(ErrorCode.REPOSITORY, "cannot check out " + spec.repository() + " at "
                        + spec.commit() + ": " + output.strip());
            }
            Path tar = clone.resolve("checkout.tar");
            writeTar(clone.resolve("repo"), root.substring("/workspace/".length()), tar, backend.config.uid());
            try (InputStream in = Files.newInputStream(tar)) {
                backend.engine.client.copyArchiveToContainerCmd(containerId).withRemotePath("/workspace")
                        .withTarInputStream(in).exec();
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot copy the checkout into workspace " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted", e);
        } finally {
            if (clone != null) {
                deleteTree(clone);
            }
        }
    }

    /** A tar of {@code folder} under {@code prefix}, every entry owned by {@code uid}: modes and symbolic links kept. */
    static void writeTar(Path folder, String prefix, Path tarFile, int uid) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarFile));
                Stream<Path> paths = Files.walk(folder)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = folder.relativize(path).toString();
                String entryName = relative.isEmpty() ? prefix + "/" : prefix + "/" + relative;
                TarArchiveEntry entry;
                if (Files.isSymbolicLink(path)) {
                    entry = new TarArchiveEntry(entryName, TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(Files.readSymbolicLink(path).toString());
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entry = new TarArchiveEntry(entryName.endsWith("/") ? entryName : entryName + "/");
                    entry.setMode(040755);
                } else {
                    entry = new TarArchiveEntry(entryName);
                    entry.setSize(Files.size(path));
                    boolean executable = Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_EXECUTE);
                    entry.setMode(executable ? 0100755 : 0100644);
                }
                entry.setIds(uid, uid);
                tar.putArchiveEntry(entry);
                if (entry.isFile()) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
        }
    }

    @Override
    public String id() {
        return name;
    }

    @Override
    public String projectRoot() {
        return root;
    }

    @Override
    public ExecResult exec(ExecRequest request) {
        requireOpen();
        if (request.phase() == ExecPhase.AGENT) {
            agentRan = true;
        }
        useNetwork(backend.config.network(request.phase()));
        String directory = request.workingDirectory().isEmpty() ? root : root + "/" + checkPath(request.workingDirectory());
        long oomBefore = oomKills();
        Map<String, String> commandEnv = new TreeMap<>(env);
        commandEnv.putAll(request.env());
        Run run = run(List.of("bash", "-c", request.command()), String.valueOf(backend.config.uid()), directory,
                commandEnv, request.timeout(), request.outputLimit(), null);
        String stderr = run.stderr.text();
        long oomKilled = oomKills() - oomBefore;
        if (oomKilled > 0) {
            // the kernel's kill says nothing on the command's own streams: say it where failures are read
            stderr += "\n[drydock: the workspace's memory limit of " + backend.config.memoryLimit() + " was hit; the kernel killed "
                    + oomKilled + " process(es)]\n";
        }
        return new ExecResult(run.exitCode, run.stdout.text(), stderr, run.stdout.dropped() + run.stderr.dropped(),
                run.duration, run.timedOut);
    }

    /** What one {@code exec} did. */
    private record Run(Optional<Integer> exitCode, BoundedOutput stdout, BoundedOutput stderr, Duration duration, boolean timedOut) {}

    /**
     * Runs {@code argv} in the container and waits, at most {@code timeout}; then, or when it ends,
     * kills every process of the container but its first, so nothing the command started lives on.
     * With {@code rawStdout} standard output is collected whole there instead.
     */
    private Run run(List<String> argv, String user, String directory, Map<String, String> env, Duration timeout, int limit,
            @Nullable ByteArrayOutputStream rawStdout) {
        if (runcRoot != null) {
            return runDirectly(argv, user, directory, env, timeout, limit, rawStdout);
        }
        long started = System.nanoTime();
        BoundedOutput stdout = new BoundedOutput(limit);
        BoundedOutput stderr = new BoundedOutput(limit);
        String execId;
        try {
            execId = backend.engine.client.execCreateCmd(containerId)
                    .withUser(user)
                    .withWorkingDir(directory)
                    .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withCmd(argv.toArray(String[]::new))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId();
        } catch (DockerException e) {
            throw gone("cannot run a command", e);
        }
        boolean timedOut = false;
        try (ResultCallback.Adapter<Frame> callback = backend.engine.client.execStartCmd(execId)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        byte[] payload = frame.getPayload();
                        if (frame.getStreamType() == StreamType.STDERR) {
                            stderr.write(payload, 0, payload.length);
                        } else if (rawStdout != null) {
                            synchronized (rawStdout) {
                                if (rawStdout.size() + payload.length > MAX_FILE_BYTES) {
                                    throw new DrydockException(ErrorCode.WORKSPACE, "file larger than " + MAX_FILE_BYTES + " bytes");
                                }
                                rawStdout.write(payload, 0, payload.length);
                            }
                        } else {
                            stdout.write(payload, 0, payload.length);
                        }
                    }
                })) {
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killStrays();
                callback.awaitCompletion(30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            log.debug("closing an exec stream: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killStrays();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while a command ran in " + name, e);
        }
        Optional<Integer> exitCode = Optional.empty();
        if (!timedOut) {
            Long code = backend.engine.client.inspectExecCmd(execId).exec().getExitCodeLong();
            exitCode = Optional.ofNullable(code).map(Long::intValue);
        }
        killStrays();
        return new Run(exitCode, stdout, stderr, Duration.ofNanos(System.nanoTime() - started), timedOut);
    }

    /**
     * The same as an {@code exec} through the engine, with the engine's runtime called directly:
     * {@code runc exec} joins the container's namespaces and cgroup with the process settings the
     * container was created with (capabilities, {@code no-new-privileges}, seccomp), in a few
     * milliseconds where the engine's {@code exec} (a conmon process each) takes about 100. Only for
     * a drydock that is root on the engine's machine; {@link #runcRoot} says whether it applies.
     */
    private Run runDirectly(List<String> argv, String user, String directory, Map<String, String> env, Duration timeout,
            int limit, @Nullable ByteArrayOutputStream rawStdout) {
        long started = System.nanoTime();
        BoundedOutput stdout = new BoundedOutput(limit);
        BoundedOutput stderr = new BoundedOutput(limit);
        Path pidFile = backend.stateDirectory.resolve("lifelines").resolve(name + "-" + UUID.randomUUID() + ".pid");
        List<String> command = new ArrayList<>(List.of("runc", "--root", runcRoot, "exec", "--user", user + ":" + user,
                "--cwd", directory, "--no-new-privs", "--pid-file", pidFile.toString()));
        env.forEach((key, value) -> command.addAll(List.of("--env", key + "=" + value)));
        command.add(containerId);
        command.addAll(argv);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot run runc for workspace " + name, e);
        }
        Thread out = new Thread(() -> {
            if (rawStdout == null) {
                stdout.drain(process.getInputStream());
                return;
            }
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[65536];
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (rawStdout.size() + read > MAX_FILE_BYTES) {
                        throw new IOException("file larger than " + MAX_FILE_BYTES + " bytes");
                    }
                    rawStdout.write(buffer, 0, read);
                }
            } catch (IOException e) {
                stderr.write(e.toString().getBytes(StandardCharsets.UTF_8), 0, e.toString().length());
            }
        }, "drydock-runc-stdout");
        Thread err = new Thread(() -> stderr.drain(process.getErrorStream()), "drydock-runc-stderr");
        out.start();
        err.start();
        boolean timedOut = false;
        long deadline = started + timeout.toNanos();
        try {
            process.getOutputStream().close();
            // runc returns once the command's output pipes close, which a daemon it left can hold open:
            // when the command's own process has ended, what is left is killed and runc returns
            long mainPid = -1;
            while (!process.waitFor(10, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    break;
                }
                if (mainPid < 0 && Files.exists(pidFile)) {
                    String pid = Files.readString(pidFile).strip();
                    mainPid = pid.isEmpty() ? -1 : Long.parseLong(pid);
                }
                if (mainPid > 0 && ProcessHandle.of(mainPid).map(ProcessHandle::isAlive).orElse(false) == false) {
                    killStrays();
                }
            }
            killStrays();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            out.join(10_000);
            err.join(10_000);
        } catch (IOException | NumberFormatException e) {
            log.debug("runc's input or pid file: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killStrays();
            process.destroyForcibly();
            throw new DrydockException(ErrorCode.WORKSPACE, "interrupted while a command ran in " + name, e);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", pidFile, e.toString());
        }
        Optional<Integer> exitCode = timedOut || process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
        return new Run(exitCode, stdout, stderr, Duration.ofNanos(System.nanoTime() - started), timedOut);
    }

    /**
     * Kills every process in the container but its first (the lifeline). Where drydock can read the
     * container's cgroup (an engine on this machine, drydock as root) it kills them from outside,
     * which costs no {@code exec}; otherwise it runs {@code kill -KILL -1} as root in the container,
     * which has only the kill capability.
     */
    private void killStrays() {
        Optional<Path> procs = cgroupProcs();
        if (procs.isPresent()) {
            for (int round = 0; round < 20; round++) {
                List<Long> pids;
                try {
                    pids = Files.readAllLines(procs.get()).stream().filter(l -> !l.isBlank()).map(Long::parseLong)
                            .filter(pid -> pid != initPid).toList();
                } catch (IOException | RuntimeException e) {
                    break; // the cgroup is gone with the container
                }
                if (pids.isEmpty()) {
                    return;
                }
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
                sleepQuietly(5);
            }
        }
        try {
            String execId = backend.engine.client.execCreateCmd(containerId).withUser("0")
                    .withCmd("bash", "-c", "kill -KILL -1 2>/dev/null; exit 0").withAttachStdout(true).withAttachStderr(true)
                    .exec().getId();
            try (var callback = backend.engine.client.execStartCmd(execId).exec(new ResultCallback.Adapter<>())) {
                callback.awaitCompletion(30, TimeUnit.SECONDS);
            }
        } catch (DockerException e) {
            throw gone("cannot stop what a command left running", e);
        } catch (IOException e) {
            log.debug("closing an exec stream: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many processes the kernel killed for the memory limit so far; 0 where the cgroup is not readable. */
    private long oomKills() {
        Optional<Path> procs = cgroupProcs();
        if (procs.isEmpty()) {
            return 0;
        }
        Path folder = procs.get().getParent();
        // v1 keeps the memory controller in a tree of its own, beside pids
        Path events = folder.toString().startsWith("/sys/fs/cgroup/pids/")
                ? Path.of("/sys/fs/cgroup/memory/" + folder.toString().substring("/sys/fs/cgroup/pids/".length()), "memory.oom_control")
                : folder.resolve("memory.events");
        try {
            return Files.readAllLines(events).stream().filter(line -> line.startsWith("oom_kill "))
                    .mapToLong(line -> Long.parseLong(line.substring("oom_kill ".length()).strip())).sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The {@code cgroup.procs} file of the container's processes, when this drydock can read it. */
    private Optional<Path> cgroupProcs() {
        if (cgroupProcs != null) {
            return cgroupProcs;
        }
        Optional<Path> found = Optional.empty();
        try {
            Long pid = backend.engine.client.inspectContainerCmd(containerId).exec().getState().getPidLong();
            if (pid != null && pid > 0) {
                initPid = pid;
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
                    String[] parts = line.split(":", 3);
                    if (parts.length < 3) {
                        continue;
                    }
                    Path candidate = parts[1].equals("pids") ? Path.of("/sys/fs/cgroup/pids" + parts[2], "cgroup.procs")
                            : parts[0].equals("0") && parts[1].isEmpty() ? Path.of("/sys/fs/cgroup" + parts[2], "cgroup.procs")
                            : null;
                    if (candidate != null && Files.isReadable(candidate)
                            && Files.readAllLines(candidate).contains(String.valueOf(pid))) {
                        found = Optional.of(candidate);
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("the cgroup of {} is not readable here: {}", name, e.toString());
        }
        cgroupProcs = found;
        return found;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Attaches the container to the networks {@code policy} allows and detaches it from the rest. */
    private synchronized void useNetwork(NetworkPolicy policy) {
        Set<String> wanted = new java.util.HashSet<>(switch (policy) {
            case OPEN -> Set.of(backend.internalNetwork, backend.engine.defaultNetwork());
            case PROXY_ONLY -> Set.of(backend.internalNetwork);
            case NONE -> Set.<String>of();
        });
        if (services != null && policy != NetworkPolicy.NONE) {
            wanted.add(services.network);
        }
        try {
            for (String network : wanted) {
                if (!networks.contains(network)) {
                    backend.engine.client.connectToNetworkCmd().withContainerId(containerId).withNetworkId(network).exec();
                    networks.add(network);
                }
            }
            for (String network : new ArrayList<>(networks)) {
                if (!wanted.contains(network)) {
                    backend.engine.client.disconnectFromNetworkCmd().withContainerId(containerId).withNetworkId(network)
                            .withForce(true).exec();
                    networks.remove(network);
                }
            }
        } catch (DockerException e) {
            throw gone("cannot apply network policy " + policy.label(), e);
        }
    }

    @Override
    public java.net.URI reach(java.net.URI service) {
        requireOpen();
        if (backend.config.agentNetwork() == NetworkPolicy.NONE) {
            return service;
        }
        // the relay listens on the internal network's gateway, which exists while a container is attached
        useNetwork(backend.config.agentNetwork());
        return backend.reach(service);
    }

    @Override
    public synchronized Map<String, String> startServices(Path composeFile) {
        requireOpen();
        if (services != null) {
            throw new DrydockException(ErrorCode.WORKSPACE, "the services of workspace " + name + " are already started");
        }
        services = Compose.up(backend, name, composeFile);
        return services.environment;
    }

    @Override
    public byte[] readFile(String path) {
        String target = resolve(path);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        Run run = run(List.of("bash", "-c", CONFINED + "exec cat -- \"$p\"", "read", root, target),
                String.valueOf(backend.config.uid()), "/", Map.of(), FILE_TIMEOUT, 64 * 1024, content);
        failUnlessConfined(run, path);
        return content.toByteArray();
    }

    @Override
    public boolean exists(String path) {
        String target = resolve(path);
        Run run = run(List.of("bash", "-c", CONFINED + "exit 0", "exists", root, target),
                String.valueOf(backend.config.uid()), "/", Map.of(), FILE_TIMEOUT, 64 * 1024, null);
        return run.exitCode.orElse(-1) == 0;
    }

    @Override
    public void writeFile(String path, byte[] content) {
        String target = resolve(path);
        int slash = target.lastIndexOf('/');
        String folder = target.substring(0, slash);
        String fileName = target.substring(slash + 1);
        ByteArrayOutputStream resolved = new ByteArrayOutputStream();
        Run run = run(List.of("bash", "-c", "mkdir -p -- \"$2\" 2>/dev/null; " + CONFINED + "printf %s \"$p\"", "mkdir", root, folder),
                String.valueOf(backend.config.uid()), "/", Map.of(), FILE_TIMEOUT, 64 * 1024, resolved);
        failUnlessConfined(run, path);
        try {
            ByteArrayOutputStream tarBytes = new ByteArrayOutputStream(content.length + 1024);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TarArchiveEntry entry = new TarArchiveEntry(fileName);
                entry.setSize(content.length);
                entry.setMode(0100644);
                entry.setIds(backend.config.uid(), backend.config.uid());
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            backend.engine.client.copyArchiveToContainerCmd(containerId)
                    .withRemotePath(resolved.toString(StandardCharsets.UTF_8))
                    .withTarInputStream(new java.io.ByteArrayInputStream(tarBytes.toByteArray()))
                    .exec();
        } catch (IOException | DockerException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot write " + path + " in workspace " + name, e);
        }
    }

    /**
     * The start of a script run as {@code bash -c SCRIPT _ ROOT PATH}: it resolves {@code PATH} in
     * the container (symbolic links included) into {@code $p}, and exits 2 when it does not exist and
     * 3 when it lies outside {@code ROOT}.
     */
    private static final String CONFINED = "p=$(realpath -e -- \"$2\" 2>/dev/null) || exit 2; "
            + "case \"$p/\" in \"$1\"/*) ;; *) exit 3;; esac; ";

    private void failUnlessConfined(Run run, String path) {
        int code = run.exitCode.orElse(-1);
        if (code == 2) {
            throw new DrydockException(ErrorCode.WORKSPACE, "no such file in the workspace: " + path);
        }
        if (code == 3) {
            throw new DrydockException(ErrorCode.WORKSPACE, "path leads outside the project root: " + path);
        }
        if (code != 0) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot access " + path + " in workspace " + name + ": "
                    + run.stderr.text().strip());
        }
    }

    /** The container path of {@code path}, refused when it is absolute or climbs out of the checkout. */
    private String resolve(String path) {
        requireOpen();
        return root + "/" + checkPath(path);
    }

    private static String checkPath(String path) {
        Path relative = Path.of(path).normalize();
        if (path.isEmpty() || relative.isAbsolute() || relative.startsWith("..") || relative.toString().isEmpty()) {
            throw new DrydockException(ErrorCode.WORKSPACE, "path leads outside the project root: " + path);
        }
        return relative.toString();
    }

    @Override
    public boolean setupRestored() {
        return restored;
    }

    @Override
    public synchronized boolean saveSetup() {
        requireOpen();
        if (snapshotKey == null || restored || saved || agentRan) {
            return false; // never a container an agent ran in
        }
        // a recipe that changed tracked files would leave a snapshot the checkout check refuses
        Run tracked = run(List.of("git", "-c", "core.fsmonitor=false", "status", "--porcelain", "--untracked-files=no"),
                String.valueOf(backend.config.uid()), root, Map.of(), FILE_TIMEOUT, 64 * 1024, null);
        if (tracked.exitCode.orElse(-1) != 0 || !tracked.stdout.text().isBlank()) {
            log.info("not saving the setup of {}: it changed tracked files", name);
            return false;
        }
        long started = System.nanoTime();
        try {
            backend.engine.client.commitCmd(containerId)
                    .withRepository("localhost/drydock-setup")
                    .withTag(snapshotKey)
                    .withLabels(Map.of(Images.KIND_LABEL, "setup-snapshot", "dev.drydock.base-image", backend.image.id()))
                    .withPause(true)
                    .exec();
        } catch (DockerException e) {
            log.warn("cannot save the setup snapshot of {}: {}", name, e.getMessage());
            return false;
        }
        saved = true;
        log.info("saved the setup of {} as localhost/drydock-setup:{} in {} ms", name, snapshotKey,
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    @Override
    public Isolation isolation() {
        ContainerWorkspaceConfig config = backend.config;
        List<String> enforced = new ArrayList<>(List.of("pid-namespace", "mount-namespace", "ipc-namespace", "uts-namespace",
                "network-namespace", "non-root-user", "no-host-files", "private-home", "private-tmp",
                "processes-end-with-command", "wall-time-limit"));
        List<String> notEnforced = new ArrayList<>();
        boolean proxyOnly = java.util.Arrays.stream(ExecPhase.values())
                .anyMatch(phase -> config.network(phase) == NetworkPolicy.PROXY_ONLY);
        if (!proxyOnly || backend.hostClosed()) {
            enforced.add("network-policy");
        } else {
            notEnforced.add("network-policy: proxy-only containers also reach host services listening on all addresses "
                    + "(firewall rules need root and iptables)");
        }
        config.memoryLimitBytes().ifPresentOrElse(b -> enforced.add("memory-limit"),
                () -> notEnforced.add("memory-limit: memory-limit is none"));
        if (config.processLimit() > 0) {
            enforced.add("process-limit");
        } else {
            notEnforced.add("process-limit: process-limit is 0");
        }
        if (config.cpus() > 0) {
            enforced.add("cpu-limit");
        } else {
            notEnforced.add("cpu-limit: cpus is 0");
        }
        notEnforced.add("disk-limit: the container's writable layer can grow as far as the engine's storage allows");
        notEnforced.add("read-only-paths: every command runs as the checkout's owner (drydock's tamper checks still apply)");
        TreeMap<String, String> network = new TreeMap<>();
        for (ExecPhase phase : ExecPhase.values()) {
            network.put(phase.label(), config.network(phase).label());
        }
        return new Isolation(backend.engine.podman ? "podman" : "docker", enforced, notEnforced, network,
                config.memoryLimitBytes(), config.processLimit() > 0 ? Optional.of(config.processLimit()) : Optional.empty(),
                Optional.of(backend.image.describe()));
    }

    private void requireOpen() {
        if (closed) {
            throw new DrydockException(ErrorCode.WORKSPACE, "workspace " + name + " is closed");
        }
    }

    private DrydockException gone(String what, DockerException e) {
        return new DrydockException(ErrorCode.WORKSPACE, what + " in workspace " + name + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        backend.closed(this);
        // the lifeline first: the container stops at once (a forced removal of a running one waits
        // out its stop timeout, as its first process ignores SIGTERM)
        closeQuietly(lifeline, lifelinePath);
        try {
            if (backend.config.keep()) {
                backend.engine.client.stopContainerCmd(containerId).withTimeout(5).exec();
                log.info("kept workspace container {}", name);
            } else {
                remove();
            }
        } catch (NotFoundException gone) {
            // already removed
        } catch (DockerException e) {
            log.warn("cannot remove workspace container {}: {}", name, e.getMessage());
        }
        if (services != null) {
            // after the workspace's container: the services' network can go only once nothing is on it
            services.down();
        }
    }

    /** Removes the container, again after a moment while the engine finds it still stopping. */
    private void remove() {
        for (int attempt = 1; ; attempt++) {
            try {
                backend.engine.client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
                return;
            } catch (com.github.dockerjava.api.exception.InternalServerErrorException e) {
                if (attempt == 5) {
                    throw e;
                }
                sleepQuietly(250L * attempt);
            }
        }
    }

    private static void closeQuietly(RandomAccessFile lifeline, Path fifo) {
        try {
            lifeline.close();
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            log.debug("closing lifeline {}: {}", fifo, e.toString());
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", folder, e.toString());
        }
    }

    private static String safe(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9_.-]", "_");
        return safe.length() > 40 ? safe.substring(0, 40) : safe;
    }
}
