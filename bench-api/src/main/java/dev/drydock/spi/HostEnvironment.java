package dev.drydock.spi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What of drydock's own environment a workspace provider passes to commands on this host: only
 * the variables its {@code inherit-env} setting names, so drydock's secrets stay out of workspaces,
 * and the user's toolchain homes made explicit, because commands get a private {@code HOME}.
 */
public final class HostEnvironment {
    private HostEnvironment() {}

    /** The variables of {@code host} that {@code patterns} name; a trailing {@code *} matches a prefix. */
    public static Map<String, String> inherited(Map<String, String> host, List<String> patterns) {
        Map<String, String> kept = new TreeMap<>();
        host.forEach((name, value) -> {
            for (String pattern : patterns) {
                boolean matches = pattern.endsWith("*")
                        ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                        : name.equals(pattern);
                if (matches) {
                    kept.put(name, value);
                    return;
                }
            }
        });
        return kept;
    }

    /**
     * {@code host} with the toolchain homes a private {@code HOME} would hide made explicit: an unset
     * {@code CARGO_HOME}/{@code RUSTUP_HOME} becomes the user's {@code ~/.cargo}/{@code ~/.rustup}, and
     * {@code MAVEN_OPTS} gains the user's {@code ~/.m2/repository} unless it names a repository; each
     * only when that folder exists.
     */
    public static Map<String, String> withToolchainHomes(Map<String, String> host, Path userHome) {
        Map<String, String> env = new HashMap<>(host);
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
