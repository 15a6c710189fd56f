package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A parsed YAML value that remembers where it was written. Immutable. */
public sealed interface ConfigNode {
    Location location();

    /** A mapping; keys keep their order and their own locations. */
    record MapNode(Map<String, ConfigNode> entries, Map<String, Location> keyLocations, Location location)
            implements ConfigNode {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(entries, "entries is null")));
            keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(keyLocations, "keyLocations is null")));
            requireNonNull(location, "location is null");
        }

        public static MapNode empty(Location location) {
            return new MapNode(Map.of(), Map.of(), location);
        }

        public @Nullable ConfigNode get(String key) {
            return entries.get(key);
        }

        public Location keyLocation(String key) {
            return keyLocations.getOrDefault(key, location);
        }

        /** This mapping without {@code key}. */
        public MapNode without(String key) {
            Map<String, ConfigNode> entriesLeft = new LinkedHashMap<>(entries);
            Map<String, Location> locationsLeft = new LinkedHashMap<>(keyLocations);
            entriesLeft.remove(key);
            locationsLeft.remove(key);
            return new MapNode(entriesLeft, locationsLeft, location);
        }
    }

    record ListNode(List<ConfigNode> items, Location location) implements ConfigNode {
        public ListNode {
            items = List.copyOf(requireNonNull(items, "items is null"));
            requireNonNull(location, "location is null");
        }
    }

    /**
     * A scalar as written; {@code value} is null for YAML's null ({@code ~}, {@code null} or nothing).
     *
     * @param fromEnv names of environment variables substituted into it
     */
    record ScalarNode(@Nullable String value, Location location, List<String> fromEnv) implements ConfigNode {
        public ScalarNode {
            requireNonNull(location, "location is null");
            fromEnv = List.copyOf(requireNonNull(fromEnv, "fromEnv is null"));
        }

        public ScalarNode(@Nullable String value, Location location) {
            this(value, location, List.of());
        }
    }

    /**
     * {@code overlay} merged onto {@code base}: mappings merge key by key (recursively), anything
     * else in the overlay replaces the base.
     */
    static ConfigNode merge(ConfigNode base, ConfigNode overlay) {
        if (base instanceof MapNode baseMap && overlay instanceof MapNode overlayMap) {
            Map<String, ConfigNode> entries = new LinkedHashMap<>(baseMap.entries());
            Map<String, Location> keys = new LinkedHashMap<>(baseMap.keyLocations());
            overlayMap.entries().forEach((key, value) -> {
                ConfigNode existing = entries.get(key);
                entries.put(key, existing == null ? value : merge(existing, value));
                keys.put(key, overlayMap.keyLocation(key));
            });
            return new MapNode(entries, keys, overlayMap.location());
        }
        return overlay;
    }
}
