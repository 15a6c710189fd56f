package dev.drydock.amsterdam;

import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.YamlReader;
import dev.drydock.spi.LlmProxy;
import dev.drydock.testkit.LlmProxyContract;
import dev.drydock.testkit.TestProviderContext;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The real amsterdam binary (installed by ./test from crates.io) against the fake upstream. */
class AmsterdamContractTest extends LlmProxyContract {
    @Override
    protected LlmProxy openProxy(String upstreamBaseUrl, String upstreamKey) {
        return open("upstream-base-url: '" + upstreamBaseUrl + "'\napi-key: '" + upstreamKey + "'\n");
    }

    static LlmProxy open(String yaml) {
        return new AmsterdamLlmProxyProvider(Map.of("PATH", System.getenv("PATH"))::get)
                .create(new NodeProviderConfig("llm", YamlReader.read(yaml, "test.yaml"), new ConfigBinder(s -> {})),
                        TestProviderContext.in(Path.of(".")));
    }

    @Override
    protected Set<Deviation> deviations() {
        return EnumSet.of(Deviation.NO_ANTHROPIC, Deviation.NO_RESPONSES, Deviation.KEYS_OUTLIVE_SESSIONS,
                Deviation.UNKNOWN_KEY_NOT_401, Deviation.NO_CACHED_TOKENS);
    }
}
