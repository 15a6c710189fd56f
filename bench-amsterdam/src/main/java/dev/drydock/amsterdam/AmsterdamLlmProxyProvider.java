package dev.drydock.amsterdam;

import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.Secret;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmProxyProvider;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code llm: {provider: amsterdam}}: the real Amsterdam, started by drydock. Installs nothing: the
 * binary must be on {@code PATH} (or configured); drydock's {@code ./test} installs the pinned
 * version with {@code cargo install amsterdam --version 0.0.13 --locked}.
 */
public final class AmsterdamLlmProxyProvider implements LlmProxyProvider {
    public static final String NAME = "amsterdam";
    /** The version drydock is tested with. */
    public static final String TESTED_VERSION = "0.0.13";

    private final Function<String, @Nullable String> env;

    public AmsterdamLlmProxyProvider() {
        this(System::getenv);
    }

    AmsterdamLlmProxyProvider(Function<String, @Nullable String> env) {
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
        return AmsterdamConfig.class;
    }

    @Override
    public LlmProxy create(ProviderConfig config, ProviderContext context) {
        AmsterdamConfig settings = config.bind(AmsterdamConfig.class);
        Secret key = settings.apiKey()
                .or(() -> Optional.ofNullable(env.apply("OPENAI_API_KEY")).filter(v -> !v.isBlank()).map(Secret::of))
                .orElseThrow(() -> new DrydockException(ErrorCode.PROVIDER_UNAVAILABLE, "amsterdam needs an upstream key"
                        + " (it will not start without OPENAI_API_KEY): set llm.api-key or OPENAI_API_KEY"));
        context.registerSecret(key.reveal());
        return new AmsterdamProxy(settings, key, context, env);
    }
}
