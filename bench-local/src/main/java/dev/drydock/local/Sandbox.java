package dev.drydock.local;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Isolation;
import dev.drydock.spi.ExecPhase;
import dev.drydock.spi.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bubblewrap sandbox every command of a {@code local} workspace runs in: own PID, mount, IPC
 * and UTS namespaces; a non-root user; the system folders and toolchains read-only; the workspace
 * folder (checkout and private {@code HOME}) read-write; a private {@code /tmp}; nothing else of
 * the host — not drydock's configuration, store, caches or other workspaces. When the command's
 * first process ends, its PID namespace ends and with it every process it started; {@code
 * --die-with-parent} ends it when drydock dies.
 */
final class Sandbox {
    /** Folders of the host every command may read; the ones that exist are mounted. */
    private static final List<String> SYSTEM = List.of("/usr", "/etc", "/opt", "/nix", "/snap", "/sys");
    /** Top-level names that merged-/usr systems keep as symbolic links into {@code /usr}. */
    private static final List<String> MERGED = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /** Host files that hold other users' secrets, hidden even though their folder is visible. */
    private static final List<String> HIDDEN_FILES = List.of("/etc/shadow", "/etc/shadow-", "/etc/gshadow",
            "/etc/gshadow-", "/etc/sudoers", "/etc/security/opasswd");
    private static final List<String> HIDDEN_FOLDERS = List.of("/etc/ssh", "/etc/ssl/private", "/etc/sudoers.d");
    /** Toolchain files that hold registry tokens. */
    private static final List<String> TOOLCHAIN_SECRETS = List.of("credentials", "credentials.toml", ".credentials.toml");
    private static final Pattern MAVEN_REPOSITORY = Pattern.compile("-Dmaven\\.repo\\.local=(\\S+)");

    private final String bwrap;
    private final LocalWorkspaceConfig config;
    private final List<Path> readOnly;
    private final Optional<Path> mavenRepository;
    private final String mavenOpts;
    private final Path packageCache;
    private final Optional<Path> cargoRegistry;
    private final List<String> hostView;
    private final List<String> masks;

    /**
     * @param env the variables commands get: {@code PATH} and the toolchain homes decide what of the
     *     host they can read
     * @param userHome drydock's user's home, hidden but for the toolchains in it
     * @param drydockPaths drydock's own folders (configuration, caches), hidden wherever they lie
     * @param packageCache where the shared pip and npm caches and cargo registry live (see {@link #wrap})
     */
    Sandbox(String bwrap, LocalWorkspaceConfig config, Map<String, String> env, Path userHome, List<Path> drydockPaths,
            Path packageCache) {
        this.bwrap = bwrap;
        this.config = config;
        this.packageCache = packageCache.toAbsolutePath().normalize();
        Set<Path> toolchains = new TreeSet<>();
        for (String entry : env.getOrDefault("PATH", "").split(":")) {
            toolchainRoot(entry, userHome).ifPresent(toolchains::add);
        }
        for (String name : List.of("CARGO_HOME", "RUSTUP_HOME", "JAVA_HOME", "GOROOT", "GOPATH", "PYENV_ROOT")) {
            Optional.ofNullable(env.get(name)).flatMap(value -> toolchainRoot(value, userHome)).ifPresent(toolchains::add);
        }
        config.readOnlyPaths().forEach(path -> toolchains.add(Path.of(path).toAbsolutePath().normalize()));
        Matcher maven = MAVEN_REPOSITORY.matcher(env.getOrDefault("MAVEN_OPTS", ""));
        this.mavenRepository = maven.find() ? Optional.of(Path.of(maven.group(1))).filter(Files::isDirectory) : Optional.empty();
        this.mavenOpts = env.getOrDefault("MAVEN_OPTS", "");
        this.cargoRegistry = Optional.ofNullable(env.get("CARGO_HOME")).map(home -> Path.of(home, "registry"))
                .filter(Files::isDirectory);
        mavenRepository.ifPresent(toolchains::remove);
        this.readOnly = toolchains.stream().filter(Files::isDirectory).filter(p -> !covered(p, mavenRepository)).toList();
        List<Path> secrets = new ArrayList<>();
        for (Path toolchain : readOnly) {
            TOOLCHAIN_SECRETS.stream().map(toolchain::resolve).filter(Files::isRegularFile).forEach(secrets::add);
        }
        drydockPaths.stream().map(p -> p.toAbsolutePath().normalize()).filter(Files::exists).forEach(secrets::add);
        this.hostView = hostView(readOnly);
        this.masks = masks(secrets);
    }

    /** Finds bubblewrap on {@code PATH} and checks it can make a sandbox here, or says how to get it. */
    static String locate(Map<String, String> hostEnv) {
        String bwrap = null;
        for (String folder : hostEnv.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, "bwrap");
            if (Files.isExecutable(candidate)) {
                bwrap = candidate.toString();
                break;
            }
        }
        if (bwrap == null) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "the local workspace provider sandboxes every command "
                    + "with bubblewrap, which is not installed; install it with: sudo apt-get install bubblewrap "
                    + "(or set isolation: none under workspace to run agents unsandboxed, which drydock records)");
        }
        try {
            Process probe = new ProcessBuilder(bwrap, "--unshare-user", "--unshare-pid", "--ro-bind", "/", "/",
                    "--proc", "/proc", "--dev", "/dev", "true").redirectErrorStream(true).start();
            String output = new String(probe.getInputStream().readAllBytes()).strip();
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, bwrap + " cannot create a sandbox on this machine ("
                        + output + "); user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1 or "
                        + "user.max_user_namespaces); or set isolation: none under workspace");
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "cannot run " + bwrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "interrupted while checking bubblewrap", e);
        }
        return bwrap;
    }

    /**
     * The command line that runs {@code argv} in the sandbox for {@code phase}, seeing {@code
     * workspaceFolder} at {@code visibleFolder}, read-write but for what {@code writeAccess} (bind
     * mounts inside it) says; {@code workingDirectory} is a path as the command sees it.
     */
    List<String> wrap(List<String> argv, ExecPhase phase, Path workspaceFolder, Path visibleFolder, String workingDirectory,
            List<String> writeAccess) {
        List<String> line = new ArrayList<>(List.of(bwrap, "--unshare-user", "--uid", String.valueOf(config.sandboxUid()),
                "--gid", String.valueOf(config.sandboxUid()), "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                "--unshare-cgroup-try", "--hostname", "drydock-sandbox", "--die-with-parent", "--new-session"));
        if (network(phase) == NetworkPolicy.NONE) {
            line.add("--unshare-net");
        }
        line.addAll(hostView);
        // the shared Maven repository: the repository's own setup fills it; any other phase gets it
        // read-only as a file:// repository (see prepare) and downloads into a private one
        mavenRepository.ifPresent(repository -> {
            line.addAll(List.of(phase == ExecPhase.SETUP ? "--bind" : "--ro-bind", repository.toString(), repository.toString()));
            if (phase != ExecPhase.SETUP) {
                String privateRepository = visibleFolder.resolve("home/.m2/repository").toString();
                line.addAll(List.of("--setenv", "MAVEN_OPTS",
                        MAVEN_REPOSITORY.matcher(mavenOpts).replaceFirst(Matcher.quoteReplacement("-Dmaven.repo.local=" + privateRepository))));
            }
        });
        line.addAll(List.of("--ro-bind", workspaceFolder.resolve("sandbox/passwd").toString(), "/etc/passwd",
                "--ro-bind", workspaceFolder.resolve("sandbox/group").toString(), "/etc/group"));
        line.addAll(masks);
        // the shared pip and npm caches, only for the repository's own setup (no agent code runs
        // then): warm for every later workspace, and no agent can poison them for the runs after it;
        // agents and tests get the private caches in their own HOME
        if (phase == ExecPhase.SETUP) {
            line.addAll(List.of("--bind", packageCache.toString(), packageCache.toString(),
                    "--setenv", "PIP_CACHE_DIR", packageCache.resolve("pip").toString(),
                    "--setenv", "npm_config_cache", packageCache.resolve("npm").toString()));
        }
        // cargo's registry (downloaded crates and their unpacked sources) in place of the user's: the
        // setup's cargo fetch fills it, builds in every other phase read it
        cargoRegistry.ifPresent(registry -> line.addAll(List.of(phase == ExecPhase.SETUP ? "--bind" : "--ro-bind",
                packageCache.resolve("cargo-registry").toString(), registry.toString())));
        // last, so that nothing hidden above covers the workspace when it lies inside a hidden folder
        line.addAll(List.of("--bind", workspaceFolder.toString(), visibleFolder.toString()));
        line.addAll(writeAccess);
        line.addAll(List.of("--chdir", workingDirectory, "--"));
        line.addAll(argv);
        return line;
    }

    /**
     * What of the host every command sees, the same for every command: private {@code /proc},
     * {@code /dev} and {@code /tmp} (first, so toolchains under {@code /tmp} stay visible), the
     * system folders and merged-{@code /usr} links, the toolchains.
     */
    private static List<String> hostView(List<Path> readOnly) {
        List<String> view = new ArrayList<>(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"));
        for (String folder : SYSTEM) {
            if (Files.isDirectory(Path.of(folder))) {
                view.addAll(List.of("--ro-bind", folder, folder));
            }
        }
        for (String top : MERGED) {
            Path path = Path.of(top);
            if (Files.isSymbolicLink(path)) {
                try {
                    view.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), top));
                } catch (IOException e) {
                    throw new DrydockException(ErrorCode.WORKSPACE, "cannot read the symbolic link " + top, e);
                }
            } else if (Files.isDirectory(path)) {
                view.addAll(List.of("--ro-bind", top, top));
            }
        }
        for (Path toolchain : readOnly) {
            view.addAll(List.of("--ro-bind", toolchain.toString(), toolchain.toString()));
        }
        return List.copyOf(view);
    }

    /** What is hidden inside the visible folders: other users' secrets, toolchain credentials, drydock's own files. */
    private List<String> masks(List<Path> hidden) {
        List<String> masks = new ArrayList<>();
        for (String file : HIDDEN_FILES) {
            if (Files.isRegularFile(Path.of(file))) {
                masks.addAll(List.of("--ro-bind", "/dev/null", file));
            }
        }
        for (String folder : HIDDEN_FOLDERS) {
            if (Files.isDirectory(Path.of(folder))) {
                masks.addAll(List.of("--tmpfs", folder));
            }
        }
        for (Path path : hidden) {
            if (visible(path)) {
                masks.addAll(Files.isDirectory(path)
                        ? List.of("--tmpfs", path.toString())
                        : List.of("--ro-bind", "/dev/null", path.toString()));
            }
        }
        return List.copyOf(masks);
    }

    /**
     * Prepares a workspace folder for the sandbox: an {@code /etc/passwd} and {@code /etc/group}
     * that name the sandbox user with the workspace's private {@code HOME} (tools that ask the
     * system, not {@code $HOME}, such as Java's {@code user.home}, find it too), and with a shared
     * Maven repository a {@code settings.xml} that serves it read-only as {@code central}, ahead of
     * the real Maven Central, so builds find what the setup downloaded without being able to change it.
     */
    void prepare(Path workspaceFolder, Path visibleFolder) throws IOException {
        Files.createDirectories(packageCache.resolve("pip"));
        Files.createDirectories(packageCache.resolve("npm"));
        Files.createDirectories(packageCache.resolve("cargo-registry"));
        Path home = workspaceFolder.resolve("home");
        Path system = Files.createDirectories(workspaceFolder.resolve("sandbox"));
        int uid = config.sandboxUid();
        Files.writeString(system.resolve("passwd"), withoutId(Path.of("/etc/passwd"), uid)
                + "drydock:x:" + uid + ":" + uid + ":drydock sandbox:" + visibleFolder.resolve("home") + ":/bin/bash\n");
        Files.writeString(system.resolve("group"), withoutId(Path.of("/etc/group"), uid) + "drydock:x:" + uid + ":\n");
        if (mavenRepository.isEmpty()) {
            return;
        }
        String releasesOnly = "<releases><enabled>true</enabled></releases><snapshots><enabled>false</enabled></snapshots>";
        String shared = "<id>central</id><url>" + mavenRepository.get().toUri() + "</url>" + releasesOnly;
        String remote = "<id>central-remote</id><url>https://repo.maven.apache.org/maven2</url>" + releasesOnly;
        String settings = "<settings><profiles><profile><id>drydock-shared-repository</id>"
                + "<repositories><repository>" + shared + "</repository><repository>" + remote + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + shared + "</pluginRepository><pluginRepository>" + remote
                + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>drydock-shared-repository</activeProfile>"
                + "</activeProfiles></settings>\n";
        Files.createDirectories(home.resolve(".m2"));
        Files.writeString(home.resolve(".m2/settings.xml"), settings);
    }

    /** The lines of a passwd or group file without the entry of {@code id} or a {@code drydock} entry. */
    private static String withoutId(Path file, int id) throws IOException {
        StringBuilder kept = new StringBuilder();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2 && !fields[2].equals(String.valueOf(id)) && !fields[0].equals("drydock")) {
                    kept.append(line).append('\n');
                }
            }
        }
        return kept.toString();
    }

    NetworkPolicy network(ExecPhase phase) {
        return switch (phase) {
            case SETUP -> config.setupNetwork();
            case AGENT -> config.agentNetwork();
            case MEASURE -> config.measureNetwork();
        };
    }

    /** What this sandbox enforces, for results. */
    Isolation isolation(Limits limits) {
        List<String> enforced = new ArrayList<>(List.of("pid-namespace", "mount-namespace", "ipc-namespace", "uts-namespace",
                "non-root-user", "read-only-host", "private-home", "private-tmp", "processes-end-with-command",
                "read-only-shared-caches", "read-only-paths", "wall-time-limit"));
        List<String> notEnforced = new ArrayList<>();
        limits.memoryBytes().ifPresentOrElse(b -> enforced.add("memory-limit"),
                () -> notEnforced.add("memory-limit: " + limits.why()));
        limits.processes().ifPresentOrElse(p -> enforced.add("process-limit"),
                () -> notEnforced.add("process-limit: " + limits.why()));
        TreeMap<String, String> network = new TreeMap<>();
        for (ExecPhase phase : ExecPhase.values()) {
            network.put(phase.label(), network(phase).label());
        }
        if (network.containsValue(NetworkPolicy.OPEN.label())) {
            notEnforced.add("network-policy: local commands share the host's network (use the container provider for proxy-only)");
        }
        notEnforced.add("cpu-limit: not set by the local provider");
        notEnforced.add("disk-limit: the workspace folder can grow as far as its file system allows");
        return new Isolation("bubblewrap", enforced, notEnforced, network, limits.memoryBytes(), limits.processes());
    }

    private boolean visible(Path path) {
        return SYSTEM.stream().anyMatch(folder -> path.startsWith(folder)) || covered(path, readOnly)
                || mavenRepository.map(path::startsWith).orElse(false);
    }

    private static boolean covered(Path path, Iterable<Path> roots) {
        for (Path root : roots) {
            if (!root.equals(path) && path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    private static boolean covered(Path path, Optional<Path> root) {
        return root.isPresent() && path.startsWith(root.get());
    }

    /**
     * The folder to mount for a toolchain path: system folders are mounted anyway, a path in the
     * user's home is mounted from its first folder there ({@code ~/.pyenv/shims} → {@code ~/.pyenv}).
     */
    private static Optional<Path> toolchainRoot(String value, Path userHome) {
        if (value.isBlank() || !value.startsWith("/")) {
            return Optional.empty();
        }
        Path path = Path.of(value).normalize();
        if (SYSTEM.stream().anyMatch(path::startsWith) || MERGED.stream().anyMatch(path::startsWith)) {
            return Optional.empty();
        }
        if (path.startsWith(userHome) && !path.equals(userHome)) {
            return Optional.of(userHome.resolve(userHome.relativize(path).getName(0)));
        }
        return path.equals(userHome) || path.getNameCount() == 0 ? Optional.empty() : Optional.of(path);
    }
}
