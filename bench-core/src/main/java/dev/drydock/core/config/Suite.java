package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import dev.drydock.core.registry.ProviderKind;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated benchmark configuration: templates merged, environment substituted, every
 * provider's settings checked.
 *
 * @param name the suite's name, recorded with every result
 * @param file the configuration file
 * @param slots the provider of each slot
 * @param runs what to run
 * @param agents the agents runs refer to, by name
 * @param repositories the repositories runs refer to, by name
 * @param prices model prices in US dollars per million tokens, by model name
 * @param resolved the whole configuration as resolved, for {@code drydock validate}
 */
public record Suite(
        String name,
        Path file,
        Map<ProviderKind, ProviderSlot> slots,
        List<RunDefinition> runs,
        Map<String, AgentDefinition> agents,
        Map<String, RepositoryDefinition> repositories,
        Map<String, ModelPrice> prices,
        ConfigNode resolved) {
    public Suite {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        slots = Collections.unmodifiableMap(new EnumMap<>(slots));
        runs = List.copyOf(runs);
        agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
        repositories = Collections.unmodifiableMap(new LinkedHashMap<>(repositories));
        prices = Map.copyOf(prices);
        requireNonNull(resolved, "resolved is null");
    }

    /** The folder relative paths in the configuration are resolved against. */
    public Path baseDirectory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    public ProviderSlot slot(ProviderKind kind) {
        return slots.get(kind);
    }
}
