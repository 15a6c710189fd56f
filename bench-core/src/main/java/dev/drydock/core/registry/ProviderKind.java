package dev.drydock.core.registry;

import dev.drydock.spi.LlmProxyProvider;
import dev.drydock.spi.Provider;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.spi.WorkspaceProvider;
import java.util.Map;

/**
 * The provider slots of a configuration, each with its SPI, its embedded default and the artifacts
 * known to provide other names (for the error message when one is missing from the class path).
 */
public enum ProviderKind {
    WORKSPACE("workspace", WorkspaceProvider.class, "local",
            Map.of("local", "dev.drydock:bench-local", "derrick", "dev.drydock:bench-derrick")),
    LLM("llm", LlmProxyProvider.class, "none",
            Map.of("none", "dev.drydock:bench-core", "embedded", "dev.drydock:bench-proxy",
                    "amsterdam", "dev.drydock:bench-amsterdam")),
    STORE("store", ResultStoreProvider.class, "json",
            Map.of("json", "dev.drydock:bench-store-json", "sql", "dev.drydock:bench-store-sql", "server",
                    "dev.drydock:bench-server"));

    private final String slot;
    private final Class<? extends Provider> spi;
    private final String defaultName;
    private final Map<String, String> knownArtifacts;

    ProviderKind(String slot, Class<? extends Provider> spi, String defaultName, Map<String, String> knownArtifacts) {
        this.slot = slot;
        this.spi = spi;
        this.defaultName = defaultName;
        this.knownArtifacts = knownArtifacts;
    }

    /** The configuration key, e.g. {@code workspace}. */
    public String slot() {
        return slot;
    }

    public Class<? extends Provider> spi() {
        return spi;
    }

    /** The provider used when the configuration leaves the slot out. */
    public String defaultName() {
        return defaultName;
    }

    Map<String, String> knownArtifacts() {
        return knownArtifacts;
    }
}
