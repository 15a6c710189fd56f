package dev.drydock.spi;

/** Creates LLM proxies: the metered way agents reach a model. */
public interface LlmProxyProvider extends Provider {
    LlmProxy create(ProviderConfig config, ProviderContext context);
}
