package dev.drydock.spi;

import java.nio.file.Path;
import java.time.Clock;

/** What drydock offers every provider it creates. */
public interface ProviderContext {
    /** The folder relative paths in the configuration are resolved against (the config file's folder). */
    Path baseDirectory();

    /** A folder the provider may keep caches in across runs. */
    Path cacheDirectory();

    /** The clock to read; tests inject a fixed one. */
    Clock clock();

    /** Makes drydock redact {@code value} from every output, log and result it keeps from now on. */
    void registerSecret(String value);
}
