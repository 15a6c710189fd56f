package dev.drydock.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drydock.api.ConfigurationException;
import dev.drydock.api.DrydockException;
import dev.drydock.spi.Provider;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;
import dev.drydock.spi.WorkspaceProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {
    /** A store provider with a configurable name; it never creates anything. */
    record NamedStore(String name) implements ResultStoreProvider {
        @Override
        public ResultStore create(ProviderConfig config, ProviderContext context) {
            throw new UnsupportedOperationException("not used by these tests");
        }
    }

    @Test
    void findsTheClassPathProvidersByKindAndName() {
        ProviderRegistry registry = ProviderRegistry.load(getClass().getClassLoader());
        assertThat(registry.names(ProviderKind.WORKSPACE)).contains("local");
        assertThat(registry.names(ProviderKind.LLM)).contains("none");
        assertThat(registry.names(ProviderKind.STORE)).contains("json");
        assertThat(registry.require(ProviderKind.WORKSPACE, "local", "x", WorkspaceProvider.class).name()).isEqualTo("local");
    }

    @Test
    void duplicateNamesFailAtStartNamingBothClasses() {
        Map<ProviderKind, List<Provider>> providers =
                Map.of(ProviderKind.STORE, List.of(new NamedStore("json"), new NamedStore("json")));
        assertThatThrownBy(() -> ProviderRegistry.of(providers))
                .isInstanceOf(DrydockException.class)
                .hasMessageContaining("store provider 'json' is provided by both")
                .hasMessageContaining(NamedStore.class.getName());
    }

    @Test
    void unknownNameListsAvailableNamesAndTheArtifactWhenKnown() {
        ProviderRegistry registry = ProviderRegistry.of(Map.of(ProviderKind.STORE, List.of(new NamedStore("json"))));
        assertThatThrownBy(() -> registry.require(ProviderKind.STORE, "sql", "suite.yaml:3:11", ResultStoreProvider.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid configuration: suite.yaml:3:11: store.provider: unknown store provider 'sql';"
                        + " available: json; 'sql' is provided by dev.drydock:bench-store-sql: add it to the class path");
        assertThat(registry.unknownMessage(ProviderKind.WORKSPACE, "mine"))
                .isEqualTo("unknown workspace provider 'mine'; available: none");
    }
}
