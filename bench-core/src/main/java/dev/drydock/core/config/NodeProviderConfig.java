package dev.drydock.core.config;

import dev.drydock.spi.ProviderConfig;

/** A provider's settings block, bound on demand with the strict {@link ConfigBinder}. */
public final class NodeProviderConfig implements ProviderConfig {
    private final String slot;
    private final ConfigNode settings;
    private final ConfigBinder binder;

    public NodeProviderConfig(String slot, ConfigNode settings, ConfigBinder binder) {
        this.slot = slot;
        this.settings = settings;
        this.binder = binder;
    }

    @Override
    public String slot() {
        return slot;
    }

    @Override
    public <T extends Record> T bind(Class<T> type) {
        return binder.bind(settings, type, slot);
    }
}
