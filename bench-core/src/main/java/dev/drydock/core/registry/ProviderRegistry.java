package dev.drydock.core.registry;

import dev.drydock.api.ConfigProblem;
import dev.drydock.api.ConfigurationException;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.spi.Provider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Every provider on the class path, by kind and name. Two providers of one kind with the same name
 * are an error at start-up, never "first one wins".
 */
public final class ProviderRegistry {
    private final Map<ProviderKind, Map<String, Provider>> providers;

    private ProviderRegistry(Map<ProviderKind, Map<String, Provider>> providers) {
        this.providers = providers;
    }

    /** Loads providers with {@link ServiceLoader} from the given class loader. */
    public static ProviderRegistry load(ClassLoader loader) {
        Map<ProviderKind, List<Provider>> found = new EnumMap<>(ProviderKind.class);
        for (ProviderKind kind : ProviderKind.values()) {
            List<Provider> list = new ArrayList<>();
            ServiceLoader.load(kind.spi(), loader).forEach(list::add);
            found.put(kind, list);
        }
        return of(found);
    }

    /** A registry of exactly these providers (for tests and embedding). */
    public static ProviderRegistry of(Map<ProviderKind, List<Provider>> byKind) {
        Map<ProviderKind, Map<String, Provider>> providers = new EnumMap<>(ProviderKind.class);
        List<String> duplicates = new ArrayList<>();
        for (ProviderKind kind : ProviderKind.values()) {
            Map<String, Provider> named = new TreeMap<>();
            for (Provider provider : byKind.getOrDefault(kind, List.of())) {
                if (!kind.spi().isInstance(provider)) {
                    throw new IllegalArgumentException(provider.getClass().getName() + " is not a " + kind.spi().getSimpleName());
                }
                Provider previous = named.putIfAbsent(provider.name(), provider);
                if (previous != null) {
                    duplicates.add(kind.slot() + " provider '" + provider.name() + "' is provided by both "
                            + previous.getClass().getName() + " and " + provider.getClass().getName());
                }
            }
            providers.put(kind, Collections.unmodifiableMap(named));
        }
        if (!duplicates.isEmpty()) {
            throw new DrydockException(ErrorCode.CONFIGURATION, "duplicate provider names on the class path: "
                    + String.join("; ", duplicates) + ". Remove one of the artifacts.");
        }
        return new ProviderRegistry(providers);
    }

    /** Provider names of a kind, sorted. */
    public List<String> names(ProviderKind kind) {
        return List.copyOf(providers.get(kind).keySet());
    }

    public Optional<Provider> find(ProviderKind kind, String name) {
        return Optional.ofNullable(providers.get(kind).get(name));
    }

    /**
     * The provider of that kind and name.
     *
     * @param where the location of the name in the configuration, for the error
     * @throws ConfigurationException listing the available names and the artifact that provides {@code name}, if known
     */
    public <P extends Provider> P require(ProviderKind kind, String name, String where, Class<P> type) {
        Provider provider = providers.get(kind).get(name);
        if (provider == null) {
            throw new ConfigurationException(new ConfigProblem(where, kind.slot() + ".provider", unknownMessage(kind, name)));
        }
        return type.cast(provider);
    }

    public String unknownMessage(ProviderKind kind, String name) {
        String available = names(kind).isEmpty() ? "none" : String.join(", ", names(kind));
        String artifact = kind.knownArtifacts().get(name);
        String hint = artifact == null
                ? ""
                : "; '" + name + "' is provided by " + artifact + ": add it to the class path";
        return "unknown " + kind.slot() + " provider '" + name + "'; available: " + available + hint;
    }
}
