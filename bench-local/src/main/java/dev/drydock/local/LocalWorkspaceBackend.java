package dev.drydock.local;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.HostEnvironment;
import dev.drydock.spi.Workspace;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * @param hostEnv drydock's environment, toolchain homes made explicit
     * @param drydockPaths drydock's own folders (configuration, caches, store) that sandboxes must not see
     * @param packageCache the pip and npm caches every workspace's repository setup shares (sandboxed only)
     */
    LocalWorkspaceBackend(Path root, LocalWorkspaceConfig config, Map<String, String> hostEnv, List<Path> drydockPaths,
            Path packageCache) {
        this.root = root;
        this.config = config;
        this.inheritedEnv = HostEnvironment.inherited(hostEnv, config.inheritEnv());
        if (config.isolation() == LocalWorkspaceConfig.Isolation.BUBBLEWRAP) {
            Map<String, String> commandEnv = new TreeMap<>(inheritedEnv);
            commandEnv.putAll(config.env());
            List<Path> hidden = new ArrayList<>(drydockPaths);
            hidden.add(Path.of(System.getProperty("user.dir")));
            this.sandbox = new Sandbox(Sandbox.locate(hostEnv), config, commandEnv,
                    Path.of(System.getProperty("user.home")), hidden, packageCache);
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
    }

    @Override
    public Workspace provision(WorkspaceSpec spec) {
        Path folder;
        try {
            Files.createDirectories(root);
            folder = Files.createTempDirectory(root, "drydock-" + safeName(spec.name()) + "-").toRealPath();
            Files.createDirectories(folder.resolve("home"));
            if (sandbox != null) {
                sandbox.prepare(folder);
            }
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot create a workspace folder under " + root, e);
        }
        Path checkout = folder.resolve("repo");
        Map<String, String> env = new TreeMap<>(inheritedEnv);
        env.putAll(config.env());
        env.put("HOME", folder.resolve("home").toString());
        env.putAll(spec.env());
        Cgroups.Group cgroup = cgroups == null ? null
                : cgroups.create(folder.getFileName().toString(), config.memoryLimitBytes(), config.processLimit());
        LocalWorkspace workspace = new LocalWorkspace(
                folder, checkout, env, config.killGrace(), config.keep(), open::remove, sandbox, cgroup);
        open.add(workspace);
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

    @Override
    public void close() {
        for (LocalWorkspace workspace : new ArrayList<>(open)) {
            workspace.close();
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
