package dev.drydock.spi;

import dev.drydock.api.Usage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;

/** What drydock offers every provider it creates. */
public interface ProviderContext {
    /** The folder relative paths in the configuration are resolved against (the config file's folder). */
    Path baseDirectory();

    /** A folder the provider may keep caches in across runs. */
    Path cacheDirectory();

    /** The clock to read; tests inject a fixed one. */
    Clock clock();

    /**
     * drydock's environment as its embedder gave it ({@code Drydock.builder().env(...)}; the
     * process's by default): what providers read instead of {@code System.getenv()}, for the
     * variables they pass on (PATH, toolchain homes) and the ones they look up ({@code DOCKER_HOST}).
     */
    default java.util.Map<String, String> environment() {
        return System.getenv();
    }

    /** The home folder of the user drydock runs as (toolchains under it are shared with workspaces). */
    default Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }

    /** Makes drydock redact {@code value} from every output, log and result it keeps from now on. */
    void registerSecret(String value);

    /** {@code text} with every secret drydock knows masked, for logs a provider keeps. */
    default String redact(String text) {
        return text;
    }

    /**
     * What {@code usage} of {@code model} costs by the configuration's price table, in US dollars;
     * empty when the model has no price. For providers that enforce budgets in dollars.
     */
    default Optional<BigDecimal> cost(String model, Usage usage) {
        return Optional.empty();
    }
}
