package dev.drydock.amsterdam;

import dev.drydock.api.Usage;
import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.YamlReader;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.ProviderContext;
import dev.drydock.testkit.LlmProxyContract;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The real amsterdam binary (installed by ./test from crates.io) against the fake upstream. */
class AmsterdamContractTest extends LlmProxyContract {
    @Override
    protected LlmProxy openProxy(String upstreamBaseUrl, String upstreamKey) {
        return open("upstream-base-url: '" + upstreamBaseUrl + "'\napi-key: '" + upstreamKey + "'\n");
    }

    static LlmProxy open(String yaml) {
        ProviderContext context = new ProviderContext() {
            @Override
            public Path baseDirectory() {
                return Path.of(".");
            }

            @Override
            public Path cacheDirectory() {
                return Path.of(".");
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public void registerSecret(String value) {}

            @Override
            public Optional<BigDecimal> cost(String model, Usage usage) {
                return Optional.empty();
            }
        };
        return new AmsterdamLlmProxyProvider(Map.of("PATH", System.getenv("PATH"))::get)
                .create(new NodeProviderConfig("llm", YamlReader.read(yaml, "test.yaml"), new ConfigBinder(s -> {})), context);
    }

    @Override
    protected Set<Deviation> deviations() {
        return EnumSet.of(Deviation.NO_ANTHROPIC, Deviation.NO_RESPONSES, Deviation.KEYS_OUTLIVE_SESSIONS,
                Deviation.UNKNOWN_KEY_NOT_401, Deviation.NO_CACHED_TOKENS);
    }
}
