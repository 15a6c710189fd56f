package dev.drydock.proxy;

import dev.drydock.core.config.ConfigBinder;
import dev.drydock.core.config.NodeProviderConfig;
import dev.drydock.core.config.YamlReader;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmProxyProvider;
import dev.drydock.testkit.TestProviderContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Embedded proxies for tests, with settings bound from YAML by drydock's real binder. */
final class Proxies {
    private Proxies() {}

    /** {@code yaml}: the {@code llm} block without {@code provider}; {@code pricePerToken}: dollars per token for every model. */
    static LlmProxy open(String yaml, Path baseDirectory, Map<String, String> env, Optional<Double> pricePerToken) {
        return open(new EmbeddedLlmProxyProvider(env::get), yaml, baseDirectory, pricePerToken);
    }

    /** Any LLM proxy provider, its settings bound from {@code yaml}. */
    static LlmProxy open(LlmProxyProvider provider, String yaml, Path baseDirectory, Optional<Double> pricePerToken) {
        TestProviderContext context = new TestProviderContext(baseDirectory, (model, usage) ->
                pricePerToken.map(price -> BigDecimal.valueOf(price * usage.totalTokens())), text -> text);
        NodeProviderConfig config = new NodeProviderConfig("llm", YamlReader.read(yaml, "test.yaml"), new ConfigBinder(s -> {}));
        return provider.create(config, context);
    }

    static String upstreams(String baseUrl, String key) {
        return "openai: {base-url: '" + baseUrl + "', api-key: '" + key + "'}\n"
                + "anthropic: {base-url: '" + baseUrl + "', api-key: '" + key + "'}\n";
    }
}
