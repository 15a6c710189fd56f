package dev.drydock.local;

import static java.util.Objects.requireNonNull;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.HostEnvironment;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@link LocalWorkspace}s under one root folder; closing it closes every workspace still
 * open. With isolation {@code bubblewrap} (the default) it fails fast when bubblewrap cannot make
 * a sandbox here, and reaps the cgroups an earlier drydock that was killed left behind.
 */
final class LocalWorkspaceBackend implements WorkspaceBackend {
    private static final Logger log = LoggerFactory.getLogger(LocalWorkspaceBackend.class);
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);

    private final Path root;
    private final LocalWorkspaceConfig config;
    private final Map<String, String> inheritedEnv;
    private final Set<LocalWorkspace> open = ConcurrentHashMap.newKeySet();
    private final @Nullable Sandbox sandbox;
    private final @Nullable Cgroups cgroups;
    private final Optional<Path> setups;
    /** Makes the spare copies of saved setups, one at a time, in the background; null when they are off. */
    private final @Nullable ExecutorService spareMaker;
    private volatile @Nullable Process spareCopy;
    /** The spares this backend made and no workspace took yet: closing deletes them (they double a setup's disk space). */
    private final Set<Path> spares = ConcurrentHashMap.newKeySet();

    /**
     * @param hostEnv drydock's environment, toolchain homes made explicit
     * @param drydockPaths drydock's own folders (configuration, caches, store) that sandboxes must not see
     * @param cache drydock's cache folder: {@code packages/} holds the pip and npm caches and cargo
     *     registry every workspace's repository setup shares, {@code setups/} the saved setups (both sandboxed only)
     */
    LocalWorkspaceBackend(Path root, LocalWorkspaceConfig config, Map<String, String> hostEnv, List<Path> drydockPaths,
            Path cache) {
        this.root = root;
        this.config = config;
        this.inheritedEnv = HostEnvironment.inherited(hostEnv, config.inheritEnv());
        if (config.isolation() == LocalWorkspaceConfig.Isolation.BUBBLEWRAP) {
            Map<String, String> commandEnv = new TreeMap<>(inheritedEnv);
            commandEnv.putAll(config.env());
            List<Path> hidden = new ArrayList<>(drydockPaths);
            hidden.add(Path.of(System.getProperty("user.dir")));
            this.sandbox = new Sandbox(Sandbox.locate(hostEnv), config, commandEnv,
                    Path.of(System.getProperty("user.home")), hidden, cache.resolve("packages"));
            this.cgroups = Cgroups.detect(Path.of("/sys/fs/cgroup"));
            if (!cgroups.available()) {
                log.warn("memory and process limits cannot be enforced here: {}; results record it", cgroups.unavailableReason());
            }
            int reaped = cgroups.reap();
            if (reaped > 0) {
                log.warn("reaped {} workspace cgroup(s) of drydock processes that were killed", reaped);
            }
        } else {
            log.warn("workspace isolation is none: agents run unsandboxed, as drydock's own user; results record it");
            this.sandbox = null;
            this.cgroups = null;
        }
        this.setups = sandbox != null && config.snapshots() ? Optional.of(cache.resolve("setups")) : Optional.empty();
        this.spareMaker = setups.isPresent() && config.spareCopies()
                ? Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, "drydock-spare-setups");
                    thread.setDaemon(true);
                    return thread;
                })
                : null;
    }

    @Override
    public Workspace provision(WorkspaceSpec spec) {
        Path folder;
        Optional<Path> snapshot = snapshot(spec);
        boolean restored = false;
        try {
            Files.createDirectories(root);
            folder = Files.createTempDirectory(root, "drydock-" + safeName(spec.name()) + "-").toRealPath();
            if (snapshot.isPresent() && Files.isDirectory(snapshot.get().resolve("repo"))) {
                restored = takeSpare(snapshot.get(), folder) || restore(snapshot.get(), folder);
                if (restored) {
                    makeSpare(snapshot.get());
                }
            }
            Files.createDirectories(folder.resolve("home"));
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot create a workspace folder under " + root, e);
        }
        Path visible = visibleFolder(spec, folder);
        if (sandbox != null) {
            try {
                sandbox.prepare(folder, visible);
            } catch (IOException e) {
                LocalWorkspace.delete(folder);
                throw new DrydockException(ErrorCode.WORKSPACE, "cannot prepare the sandbox of " + folder, e);
            }
        }
        Map<String, String> env = new TreeMap<>(inheritedEnv);
        env.putAll(config.env());
        env.put("HOME", visible.resolve("home").toString());
        env.putAll(spec.env());
        Cgroups.Group cgroup = cgroups == null ? null
                : cgroups.create(folder.getFileName().toString(), config.memoryLimitBytes(), config.processLimit());
        LocalWorkspace workspace = new LocalWorkspace(folder, visible, env, config.killGrace(), config.keep(), open::remove,
                sandbox, cgroup, restored ? Optional.empty() : snapshot.map(s -> () -> saveSetup(folder, s)), restored);
        open.add(workspace);
        if (restored) {
            log.info("workspace {} starts from the saved setup {}", workspace.id(), snapshot.get().getFileName());
            return workspace;
        }
        Path checkout = folder.resolve("repo");
        try {
            // --no-hardlinks: a workspace never shares a writable object file with the repository it came from
            boolean local = !spec.repository().contains("://");
            String clone = "git clone --quiet --no-checkout " + (local ? "--no-hardlinks " : "")
                    + quote(spec.repository()) + " " + quote(checkout.toString())
                    + " && cd " + quote(checkout.toString())
                    + " && git checkout --quiet --detach " + quote(spec.commit())
                    + " && git config user.name drydock-agent && git config user.email agent@drydock.invalid";
            var result = workspace.run(List.of("bash", "-c", clone), folder, Map.of("GIT_TERMINAL_PROMPT", "0"),
                    GIT_TIMEOUT, 64 * 1024);
            if (!result.succeeded()) {
                throw new DrydockException(ErrorCode.REPOSITORY, "cannot check out " + spec.repository() + " at "
                        + spec.commit() + ": " + (result.timedOut() ? "git timed out" : result.stderr().strip()));
            }
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
        log.debug("provisioned workspace {} at {}", workspace.id(), folder);
        return workspace;
    }

    /**
     * Where commands see the workspace folder: in the sandbox the same path for every workspace of a
     * commit, so that what a setup wrote there (a virtualenv's scripts, an editable install, cargo's
     * fingerprints) holds in the copies of it; unsandboxed its real path.
     */
    private Path visibleFolder(WorkspaceSpec spec, Path folder) {
        return sandbox == null ? folder : Path.of("/workspace", spec.commit().substring(0, Math.min(12, spec.commit().length())));
    }

    /**
     * The folder the setup of {@code spec} is saved in, when snapshots are on: named by everything
     * the setup's outcome depends on here ({@link WorkspaceSpec#setupKey()}, the commands' own
     * environment, the sandbox's user and setup network).
     */
    private Optional<Path> snapshot(WorkspaceSpec spec) {
        if (setups.isEmpty() || spec.setup().isBlank()) {
            return Optional.empty();
        }
        Map<String, String> env = new TreeMap<>(inheritedEnv);
        env.putAll(config.env());
        String key = String.join("\0", spec.setupKey(), env.toString(), String.valueOf(config.sandboxUid()),
                config.setupNetwork().label());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return Optional.of(setups.get().resolve(HexFormat.of().formatHex(digest, 0, 16)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Saves a workspace right after its setup as {@code snapshot}: a copy made next to it and then
     * renamed into place, so that a half-made one is never used and concurrent saves keep the first.
     */
    private void saveSetup(Path folder, Path snapshot) {
        long started = System.nanoTime();
        Path partial = null;
        try {
            Files.createDirectories(snapshot.getParent());
            partial = Files.createTempDirectory(snapshot.getParent(), ".partial-");
            copy(folder, partial, process -> { }, "repo", "home");
            Files.move(partial, snapshot, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            log.info("saved the setup as {} in {} ms", snapshot, (System.nanoTime() - started) / 1_000_000);
            evictSnapshots();
            makeSpare(snapshot);
        } catch (IOException e) {
            log.info("not saving the setup as {}: {}", snapshot, e.toString()); // another workspace saved it first, or no room
        } finally {
            if (partial != null) {
                LocalWorkspace.delete(partial);
            }
        }
    }

    /**
     * Copies a saved setup into a new workspace folder and marks it used; false (the workspace is
     * then cloned and set up) when the copy fails, say because the setup was evicted meanwhile.
     */
    private static boolean restore(Path snapshot, Path folder) {
        try {
            copy(snapshot, folder, process -> { }, "repo", "home");
            Files.setLastModifiedTime(snapshot, FileTime.from(Instant.now()));
            return true;
        } catch (IOException e) {
            log.warn("cannot start from the saved setup {}, setting up afresh: {}", snapshot, e.getMessage());
            LocalWorkspace.delete(folder.resolve("repo"));
            LocalWorkspace.delete(folder.resolve("home"));
            return false;
        }
    }

    private static Path spareOf(Path snapshot) {
        return snapshot.resolveSibling(".spare-" + snapshot.getFileName());
    }

    /**
     * Starts a workspace from the spare copy of {@code snapshot} by renaming it into {@code folder}:
     * the whole spare first, so that of two workspaces only one gets it. False when there is none
     * ready, another workspace took it, or the workspace root is on another file system (spares are
     * then no longer made).
     */
    private boolean takeSpare(Path snapshot, Path folder) {
        Path spare = spareOf(snapshot);
        if (spareMaker == null || !Files.isDirectory(spare)) {
            return false;
        }
        Path taken = folder.resolve(".spare");
        try {
            Files.move(spare, taken, StandardCopyOption.ATOMIC_MOVE);
            spares.remove(spare);
        } catch (AtomicMoveNotSupportedException e) {
            log.info("spare copies of saved setups are of no use here: the workspace root {} and the cache are on"
                    + " different file systems", root);
            spareMaker.shutdownNow();
            return false;
        } catch (IOException e) {
            return false; // another workspace took it first
        }
        try {
            Files.move(taken.resolve("repo"), folder.resolve("repo"));
            Files.move(taken.resolve("home"), folder.resolve("home"));
            Files.delete(taken);
            Files.setLastModifiedTime(snapshot, FileTime.from(Instant.now()));
            return true;
        } catch (IOException e) {
            log.warn("cannot start from the spare copy of {}: {}", snapshot, e.toString());
            for (String name : List.of("repo", "home", ".spare")) {
                LocalWorkspace.delete(folder.resolve(name));
            }
            return false;
        }
    }

    /**
     * Makes a spare copy of {@code snapshot} in the background, when there is none: the next workspace
     * of its key then only renames it. Spares are copies drydock makes of a saved setup, in its
     * cache, which no sandbox sees.
     */
    private void makeSpare(Path snapshot) {
        if (spareMaker == null) {
            return;
        }
        try {
            spareMaker.execute(() -> makeSpareNow(snapshot));
        } catch (RejectedExecutionException e) {
            // closed, or spares are of no use here
        }
    }

    private void makeSpareNow(Path snapshot) {
        Path spare = spareOf(snapshot);
        if (Files.exists(spare, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(snapshot)) {
            return;
        }
        long started = System.nanoTime();
        Path partial = null;
        try {
            partial = Files.createTempDirectory(snapshot.getParent(), ".partial-");
            copy(snapshot, partial, process -> {
                spareCopy = process;
                if (requireNonNull(spareMaker).isShutdown()) {
                    process.destroyForcibly(); // closed while it started
                }
            }, "repo", "home");
            Files.move(partial, spare, StandardCopyOption.ATOMIC_MOVE);
            partial = null;
            spares.add(spare);
            if (!Files.isDirectory(snapshot)) {
                LocalWorkspace.delete(spare); // evicted meanwhile
            }
            log.debug("made a spare copy of {} in {} ms", snapshot, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            log.debug("no spare copy of {}: {}", snapshot, e.toString());
        } finally {
            spareCopy = null;
            if (partial != null) {
                LocalWorkspace.delete(partial);
            }
        }
    }

    /**
     * Deletes the least recently used saved setups beyond {@code kept-snapshots}, and partial copies
     * a day old (a drydock killed while saving left them).
     */
    private void evictSnapshots() {
        Path folder = setups.orElseThrow();
        List<Path> saved;
        List<Path> abandoned;
        try (var listing = Files.list(folder)) {
            List<Path> all = listing.sorted(Comparator.comparing(LocalWorkspaceBackend::lastModified).reversed()).toList();
            saved = all.stream().filter(path -> !path.getFileName().toString().startsWith(".")).toList();
            FileTime dayAgo = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
            abandoned = all.stream().filter(path -> path.getFileName().toString().startsWith(".partial-"))
                    .filter(path -> lastModified(path).compareTo(dayAgo) < 0).toList();
        } catch (IOException e) {
            log.warn("cannot list the saved setups in {}: {}", folder, e.toString());
            return;
        }
        for (Path old : saved.subList(Math.min(saved.size(), config.keptSnapshots()), saved.size())) {
            log.info("deleting the least recently used saved setup {}", old);
            LocalWorkspace.delete(spareOf(old));
            LocalWorkspace.delete(old);
        }
        abandoned.forEach(LocalWorkspace::delete);
    }

    private static FileTime lastModified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void copy(Path from, Path to, Consumer<Process> started, String... names) throws IOException {
        List<String> command = new ArrayList<>(List.of("cp", "-a", "--"));
        for (String name : names) {
            command.add(from.resolve(name).toString());
        }
        command.add(to.toString() + "/");
        Process cp = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.accept(cp);
        String output = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (cp.waitFor() != 0) {
                throw new IOException("copying " + from + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            cp.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying " + from, e);
        }
    }

    @Override
    public void close() {
        for (LocalWorkspace workspace : new ArrayList<>(open)) {
            workspace.close();
        }
        if (spareMaker != null) {
            // a spare being made is given up (its partial copy deleted): the next drydock makes it again
            spareMaker.shutdownNow();
            Process copying = spareCopy;
            if (copying != null) {
                copying.destroyForcibly();
            }
            try {
                spareMaker.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            spares.forEach(LocalWorkspace::delete);
            spares.clear();
        }
    }

    private static String safeName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 40 ? safe.substring(0, 40) : safe;
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
