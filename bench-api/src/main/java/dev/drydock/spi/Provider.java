package dev.drydock.spi;

import java.util.Set;

/**
 * A named, stateless factory found through {@link java.util.ServiceLoader}. The name is what a
 * configuration writes in a provider slot, e.g. {@code workspace: {provider: local}}; two providers
 * of one kind with one name are an error, never "first one wins".
 */
public interface Provider {
    /** The name configurations select this provider by: lower case, digits and dashes. */
    String name();

    /** The provider's version, recorded with every result it takes part in. */
    default String version() {
        Package pkg = getClass().getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * Keys of this provider's settings whose values are secrets, redacted whenever drydock prints
     * a configuration. Components of type {@link dev.drydock.api.Secret} and keys that look like
     * secrets ({@code *key*}, {@code *token*}, {@code *password*}) are redacted anyway.
     */
    default Set<String> secretKeys() {
        return Set.of();
    }

    /**
     * The record this provider's configuration block binds into (without the {@code provider} key).
     * Components are written in kebab-case in YAML; {@link ConfigDefault} gives defaults, {@code
     * Optional} components are optional, every other component is required, and unknown keys are
     * errors. The default, {@link NoConfig}, accepts no keys.
     */
    default Class<? extends Record> configType() {
        return NoConfig.class;
    }

    /** A configuration record for providers that take no settings. */
    record NoConfig() {}
}
