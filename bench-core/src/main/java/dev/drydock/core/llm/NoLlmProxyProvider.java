package dev.drydock.core.llm;

import dev.drydock.api.Usage;
import dev.drydock.spi.LlmEndpoints;
import dev.drydock.spi.LlmProxy;
import dev.drydock.spi.LlmProxyProvider;
import dev.drydock.spi.LlmSession;
import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import java.util.Optional;

/**
 * {@code llm: {provider: none}}: for agents that need no model (test generators, scripted agents).
 * No LLM variables reach the agent and usage is always zero.
 */
public final class NoLlmProxyProvider implements LlmProxyProvider {
    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LlmProxy create(ProviderConfig config, ProviderContext context) {
        config.bind(NoConfig.class);
        return new LlmProxy() {
            @Override
            public LlmSession openSession(String runId) {
                return new LlmSession() {
                    @Override
                    public Optional<LlmEndpoints> endpoints() {
                        return Optional.empty();
                    }

                    @Override
                    public Usage usage() {
                        return Usage.ZERO;
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public void close() {}
        };
    }
}
