package dev.drydock.spi;

/**
 * A provider's configuration block, already parsed with environment variables substituted. The
 * provider binds it into its own record; every problem is reported at once with file, line and
 * key, as a {@link dev.drydock.api.ConfigurationException}.
 */
public interface ProviderConfig {
    /** The slot this block fills, e.g. {@code workspace}. */
    String slot();

    /** Binds the block into {@code type}: kebab-case keys, strict, with defaults from {@link ConfigDefault}. */
    <T extends Record> T bind(Class<T> type);
}
