package dev.drydock.proxy;

import dev.drydock.api.Secret;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmProxyProvider;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code llm: {provider: embedded}}: drydock's own metering proxy, in the drydock process. Agents
 * get a per-run key and local base URLs; the upstream keys (from the configuration or the
 * environment, {@code OPENAI_API_KEY} and {@code ANTHROPIC_API_KEY}) stay in the proxy.
 */
public final class EmbeddedLlmProxyProvider implements LlmProxyProvider {
    public static final String NAME = "embedded";
    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1";

    private final Function<String, @Nullable String> env;

    public EmbeddedLlmProxyProvider() {
        this(System::getenv);
    }

    EmbeddedLlmProxyProvider(Function<String, @Nullable String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of("api-key");
    }

    @Override
    public Class<? extends Record> configType() {
        return EmbeddedProxyConfig.class;
    }

    @Override
    public LlmProxy create(ProviderConfig config, ProviderContext context) {
        EmbeddedProxyConfig settings = config.bind(EmbeddedProxyConfig.class);
        Map<Route.Api, EmbeddedProxy.Upstream> upstreams = new EnumMap<>(Route.Api.class);
        upstreams.put(Route.Api.OPENAI, upstream("openai", settings.openai(), OPENAI_BASE_URL, "OPENAI_API_KEY", context));
        upstreams.put(Route.Api.ANTHROPIC,
                upstream("anthropic", settings.anthropic(), ANTHROPIC_BASE_URL, "ANTHROPIC_API_KEY", context));
        return new EmbeddedProxy(settings, context, upstreams);
    }

    private EmbeddedProxy.Upstream upstream(String name, Optional<EmbeddedProxyConfig.Upstream> configured,
            String defaultBaseUrl, String defaultKeyEnv, ProviderContext context) {
        String keyEnv = configured.flatMap(EmbeddedProxyConfig.Upstream::apiKeyEnv).orElse(defaultKeyEnv);
        Optional<Secret> key = configured.flatMap(EmbeddedProxyConfig.Upstream::apiKey)
                .or(() -> Optional.ofNullable(env.apply(keyEnv)).filter(value -> !value.isBlank()).map(Secret::of));
        key.ifPresent(secret -> context.registerSecret(secret.reveal()));
        String baseUrl = configured.flatMap(EmbeddedProxyConfig.Upstream::baseUrl).orElse(defaultBaseUrl);
        return new EmbeddedProxy.Upstream(name, baseUrl, key,
                "set " + keyEnv + " in drydock's environment or llm." + name + ".api-key in the configuration");
    }
}
