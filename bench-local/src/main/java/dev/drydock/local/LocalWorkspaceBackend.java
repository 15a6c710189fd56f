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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates {@link LocalWorkspace}s under one root folder; closing it closes every workspace still open. */
final class LocalWorkspaceBackend implements WorkspaceBackend {
    private static final Logger log = LoggerFactory.getLogger(LocalWorkspaceBackend.class);
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);

    private final Path root;
    private final LocalWorkspaceConfig config;
    private final Map<String, String> inheritedEnv;
    private final Set<LocalWorkspace> open = ConcurrentHashMap.newKeySet();

    LocalWorkspaceBackend(Path root, LocalWorkspaceConfig config, Map<String, String> hostEnv) {
        this.root = root;
        this.config = config;
        this.inheritedEnv = HostEnvironment.inherited(hostEnv, config.inheritEnv());
    }

    @Override
    public Workspace provision(WorkspaceSpec spec) {
        Path folder;
        try {
            Files.createDirectories(root);
            folder = Files.createTempDirectory(root, "drydock-" + safeName(spec.name()) + "-").toRealPath();
            Files.createDirectories(folder.resolve("home"));
        } catch (IOException e) {
            throw new DrydockException(ErrorCode.WORKSPACE, "cannot create a workspace folder under " + root, e);
        }
        Path checkout = folder.resolve("repo");
        Map<String, String> env = new TreeMap<>(inheritedEnv);
        env.putAll(config.env());
        env.put("HOME", folder.resolve("home").toString());
        env.putAll(spec.env());
        LocalWorkspace workspace = new LocalWorkspace(folder, checkout, env, config.killGrace(), config.keep(), open::remove);
        open.add(workspace);
        try {
            boolean local = !spec.repository().contains("://");
            String clone = "git clone --quiet --no-checkout " + (local ? "--local " : "")
                    + quote(spec.repository()) + " " + quote(checkout.toString())
                    + " && cd " + quote(checkout.toString())
                    + " && git checkout --quiet --detach " + quote(spec.commit())
                    + " && git config user.name drydock-agent && git config user.email agent@drydock.invalid";
            var result = workspace.run(clone, folder, Map.of("GIT_TERMINAL_PROMPT", "0"), GIT_TIMEOUT, 64 * 1024);
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
