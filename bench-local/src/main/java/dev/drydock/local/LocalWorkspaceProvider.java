package dev.drydock.local;

import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.WorkspaceBackend;
import dev.drydock.spi.WorkspaceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code workspace: {provider: local}} — temporary-folder workspaces on this machine. */
public final class LocalWorkspaceProvider implements WorkspaceProvider {
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<LocalWorkspaceConfig> configType() {
        return LocalWorkspaceConfig.class;
    }

    @Override
    public WorkspaceBackend create(ProviderConfig config, ProviderContext context) {
        LocalWorkspaceConfig settings = config.bind(LocalWorkspaceConfig.class);
        Path root = settings.root()
                .map(context.baseDirectory()::resolve)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
        return new LocalWorkspaceBackend(root, settings, withToolchainHomes(System.getenv(), Path.of(System.getProperty("user.home"))));
    }

    /**
     * Commands run with a private {@code HOME}, where rustup and cargo would find no toolchain and
     * Maven no local repository: their homes default to the user's, made explicit here (cargo's and
     * rustup's when unset; Maven's through {@code MAVEN_OPTS} unless it names a repository already).
     */
    static Map<String, String> withToolchainHomes(Map<String, String> hostEnv, Path userHome) {
        Map<String, String> env = new HashMap<>(hostEnv);
        Map.of("CARGO_HOME", ".cargo", "RUSTUP_HOME", ".rustup").forEach((name, folder) -> {
            Path home = userHome.resolve(folder);
            if (!env.containsKey(name) && Files.isDirectory(home)) {
                env.put(name, home.toString());
            }
        });
        Path mavenRepository = userHome.resolve(".m2").resolve("repository");
        String mavenOpts = env.getOrDefault("MAVEN_OPTS", "");
        if (!mavenOpts.contains("-Dmaven.repo.local=") && Files.isDirectory(mavenRepository)) {
            env.put("MAVEN_OPTS", (mavenOpts.isBlank() ? "" : mavenOpts.strip() + " ") + "-Dmaven.repo.local=" + mavenRepository);
        }
        return env;
    }
}
