package dev.drydock.core.config;

import static java.util.Objects.requireNonNull;

import dev.drydock.core.registry.ProviderKind;

/**
 * A filled provider slot: which provider, and its settings without the {@code provider} key.
 *
 * @param location where the provider was named (or the file, when the slot was left to its default)
 */
public record ProviderSlot(ProviderKind kind, String provider, ConfigNode.MapNode settings, Location location) {
    public ProviderSlot {
        requireNonNull(kind, "kind is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(location, "location is null");
    }
}
