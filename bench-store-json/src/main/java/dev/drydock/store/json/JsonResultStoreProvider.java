package dev.drydock.store.json;

import dev.drydock.spi.ProviderConfig;
import dev.drydock.spi.ProviderContext;
import dev.drydock.spi.ResultStore;
import dev.drydock.spi.ResultStoreProvider;

/** {@code store: {provider: json, path: results.json}}. */
public final class JsonResultStoreProvider implements ResultStoreProvider {
    public static final String NAME = "json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<JsonStoreConfig> configType() {
        return JsonStoreConfig.class;
    }

    @Override
    public ResultStore create(ProviderConfig config, ProviderContext context) {
        JsonStoreConfig settings = config.bind(JsonStoreConfig.class);
        return new JsonResultStore(context.baseDirectory().resolve(settings.path()).toAbsolutePath().normalize());
    }
}
